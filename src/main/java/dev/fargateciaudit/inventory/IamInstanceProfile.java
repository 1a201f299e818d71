package dev.fargateciaudit.inventory;

import java.util.List;

public record IamInstanceProfile(String arn, String name, List<String> roleArns) {
  public IamInstanceProfile {
    roleArns = Lists.of(roleArns);
  }
}
