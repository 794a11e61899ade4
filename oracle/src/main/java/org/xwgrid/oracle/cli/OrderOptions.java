package org.xwgrid.oracle.cli;

import java.math.BigInteger;
import org.xwgrid.oracle.chain.ChainValues;
import picocli.CommandLine.Option;

/** The order fields the {@code order publish} commands share, one mixin each (iExec v5 names). */
final class OrderOptions {
  private OrderOptions() {}

  static final class Price {
    @Option(names = "--price", defaultValue = "0", description = "Tokens per task (default: ${DEFAULT-VALUE}).")
    BigInteger value;
  }

  static final class AppRestrict {
    @Option(names = "--app-restrict", paramLabel = "APP", defaultValue = ChainValues.ZERO_ADDRESS, description = "Only for this app.")
    String value;
  }

  static final class DatasetRestrict {
    @Option(names = "--dataset-restrict", paramLabel = "DATASET", defaultValue = ChainValues.ZERO_ADDRESS, description = "Only with this dataset.")
    String value;
  }

  static final class WorkerpoolRestrict {
    @Option(names = "--workerpool-restrict", paramLabel = "WORKERPOOL", defaultValue = ChainValues.ZERO_ADDRESS, description = "Only on this workerpool.")
    String value;
  }

  static final class RequesterRestrict {
    @Option(names = "--requester-restrict", paramLabel = "REQUESTER", defaultValue = ChainValues.ZERO_ADDRESS, description = "Only for this requester.")
    String value;
  }
}
