package dev.nnc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How long and from where to train: the options `train` and `bench` share. */
final class RunOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (default: what the file says)")
    Long epochs;

    @Option(names = "--steps", paramLabel = "N", description = "steps to train, instead of epochs")
    Long steps;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: what the file says; newton and lbfgs have none)")
    Double lr;

    @Option(names = "--batch", paramLabel = "B", description = "rows per step (default: the file's batch, else the whole split)")
    Integer batch;

    @Option(names = "--init", paramLabel = "FILE.json", description = "start from these params (a peer's *_init.json or a --save file)")
    Path init;
}
