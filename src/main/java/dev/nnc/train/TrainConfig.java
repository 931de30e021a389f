package dev.nnc.train;

import java.nio.file.Path;

/**
 * How to train, beyond what the file says. Null fields keep the file's choice.
 *
 * @param epochs   epochs to run (replacing the file's count)
 * @param steps    steps to run, instead of epochs
 * @param batch    rows per step; null: the file's batch, else the whole split
 * @param shuffle  reshuffle the training rows each epoch (seeded); off keeps file order
 * @param seed     seed of the shuffling
 * @param plot     PNG of loss and report curves per epoch
 * @param boundary PNG of a two-input classifier's decision boundary
 * @param boundaryOf the definition holding p(y = 1 | x) for the boundary
 * @param save     checkpoint written after every epoch (atomically)
 * @param init     params read from a JSON file before training
 * @param resume   checkpoint to continue from
 * @param evaluate the splits evaluated after each epoch (null: all)
 */
public record TrainConfig(Long epochs, Long steps, Integer batch, boolean shuffle, long seed, Path plot, Path boundary,
                          String boundaryOf, Path save, Path init, Path resume, java.util.List<String> evaluate) {

    public static TrainConfig defaults() {
        return new TrainConfig(null, null, null, false, 42, null, null, "p", null, null, null, null);
    }
}
