package dev.fargateciaudit.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;

/** A compiled CEL expression of a rule, evaluated over the variables of one subject. */
@FunctionalInterface
interface SubjectExpression {
  Object eval(CelVariableResolver vars) throws CelEvaluationException;
}
