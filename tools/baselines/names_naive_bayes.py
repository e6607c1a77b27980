#!/usr/bin/env python3
"""The baseline of the names task (issue 14): a multinomial naive Bayes over character n-grams (1 to 4, with the name
padded by ^ and $) telling female from male English first names, on a stratified 80/20 split of the names that are in
only one list. Standard library only, so it runs anywhere Python 3 does:

    python3 tools/baselines/names_naive_bayes.py [../shared/data/first-names] [--seed 1] [--alpha 1.0]
        [--write-split DIR]

Prints the split's sizes, the majority class's accuracy on the test part and the naive Bayes accuracy.
The split is drawn with Python's random.Random(seed): shuffle each class, first 80% of each train.
--write-split DIR also writes the two parts it used as DIR/train.tsv and DIR/test.tsv (UTF-8, \n line ends, a header
line "name<TAB>sex", then one "name<TAB>female" or "name<TAB>male" a line, in the order drawn), so that another model can
be trained on exactly this train part and measured on exactly this test part."""
import argparse
import math
import os
import random
from collections import Counter


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def grams(name, low=1, high=4):
    padded = "^" + name.lower() + "$"
    return [padded[i:i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


def write_part(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("name\tsex\n")
        for name, label in rows:
            f.write(f"{name}\t{label}\n")


def main():
    parser = argparse.ArgumentParser(description="Naive Bayes over character n-grams on the first-names data.")
    parser.add_argument("folder", nargs="?", default="../shared/data/first-names")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--write-split", metavar="DIR",
                        help="also write the train and test parts used as DIR/train.tsv and DIR/test.tsv")
    options = parser.parse_args()
    folder, seed, alpha = options.folder, options.seed, options.alpha
    female, male = read(folder + "/female.txt"), read(folder + "/male.txt")
    both = set(female) & set(male)
    classes = {"female": sorted(set(female) - both), "male": sorted(set(male) - both)}
    rng = random.Random(seed)
    train, test = [], []
    for label, names in classes.items():
        names = names[:]
        rng.shuffle(names)
        cut = round(0.8 * len(names))
        train += [(n, label) for n in names[:cut]]
        test += [(n, label) for n in names[cut:]]
    if options.write_split:
        os.makedirs(options.write_split, exist_ok=True)
        write_part(os.path.join(options.write_split, "train.tsv"), train)
        write_part(os.path.join(options.write_split, "test.tsv"), test)
    counts = {label: Counter() for label in classes}
    priors = Counter(label for _, label in train)
    for name, label in train:
        counts[label].update(grams(name))
    vocabulary = set().union(*counts.values())
    totals = {label: sum(c.values()) for label, c in counts.items()}

    def score(name, label):
        s = math.log(priors[label] / len(train))
        for g in grams(name):
            s += math.log((counts[label][g] + alpha) / (totals[label] + alpha * len(vocabulary)))
        return s

    right = sum(1 for name, label in test if max(classes, key=lambda c: score(name, c)) == label)
    majority = max(classes, key=lambda c: priors[c])
    print(f"names in both lists, left out: {len(both)}")
    print(f"train {len(train)}, test {len(test)} (stratified 80/20, seed {seed})")
    print(f"majority class ({majority}): accuracy {sum(1 for _, l in test if l == majority) / len(test):.4f}")
    print(f"naive Bayes, character 1- to 4-grams (alpha {alpha}): accuracy {right / len(test):.4f}")


if __name__ == "__main__":
    main()
