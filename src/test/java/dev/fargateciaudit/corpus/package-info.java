/**
 * The estates corpus of issue #28: GitLab-Runner-on-Fargate estates built in moto with the SDK's
 * create calls, as teams build them, and what a correct auditor reports on each.
 *
 * <p>One class per estate ({@link dev.fargateciaudit.corpus.CorpusEstate}): its comment says what
 * the estate is and why it is realistic, {@code build} makes it (mostly from the correct
 * {@link dev.fargateciaudit.corpus.Platform} plus what the team added), and {@code expected} lists
 * the (rule, resource) pairs that must FAIL, by the finding-attribution contract
 * ({@link dev.fargateciaudit.corpus.Resource}). Correct estates ({@code ok-...}) fail nothing at the
 * default gate; wrong ones ({@code bad-...}) fail exactly the listed pairs.
 * {@link dev.fargateciaudit.corpus.Corpus} lists them; {@code EstatesCorpusIT} runs them and keeps
 * the list of known gaps of today's tool.
 */
package dev.fargateciaudit.corpus;
