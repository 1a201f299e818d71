package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;

public record InlinePolicy(String name, JsonNode document) {}
