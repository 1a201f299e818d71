package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A managed policy attached to a role, with its default version's document.
 *
 * @param awsManaged true for {@code arn:aws:iam::aws:policy/...}
 * @param document null if it could not be read (a collection error says why)
 */
public record AttachedPolicy(String arn, String name, boolean awsManaged, String defaultVersionId, JsonNode document) {}
