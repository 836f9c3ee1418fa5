#!/usr/bin/env python3
"""Multiple-instance learning on MNIST bags with hopfield.nn.HopfieldPooling.

A bag holds 10 ± 2 MNIST digits (8 to 12, uniformly); it is positive when it contains a 9. A small network
embeds each digit, HopfieldPooling pools the bag's embeddings into one vector (a trainable state pattern
retrieving from the bag as its memory, as in Ramsauer et al. 2021, "Hopfield Networks is All You Need",
section on attention-based multiple-instance learning), and a linear layer scores the bag. Trained with Adam
from a fixed seed; prints the test AUC and the time per epoch.

Data: the MNIST files of the project's data directory ($HOPFIELD_DATA, else ./data; `hopfield fetch mnist`).
7000 digits drawn at random make the training bags, the other 3000 the test bags (no digit in both).

    PYTHONPATH=build/python /usr/bin/python3 examples/mil_mnist_bags.py [--epochs 3] [--seed 0]
"""
import argparse
import os
import pathlib
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

from hopfield.nn import HopfieldPooling


def read_idx(path: pathlib.Path) -> np.ndarray:
    """An IDX file (LeCun's format of MNIST) as a uint8 array."""
    data = path.read_bytes()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = data[3]
    shape = struct.unpack(f">{dims}I", data[4:4 + 4 * dims])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {body.size} bytes of data; expected {int(np.prod(shape))} for shape {shape}")
    return body.reshape(shape)


def load_mnist():
    """Images (n, 784) in [0, 1] and labels (n,): the package's loader when present, else the IDX files."""
    try:
        from hopfield import datasets  # the package's binding of the library's IDX reader
        images, labels = datasets.load_mnist()
        return images.reshape(len(labels), -1).astype(np.float32) / 255.0, labels.astype(np.int64)
    except (ImportError, AttributeError):
        pass
    root = pathlib.Path(os.environ.get("HOPFIELD_DATA", "data"))
    for directory in (root / "mnist", root):
        images, labels = directory / "mnist-images-idx3-ubyte", directory / "mnist-labels-idx1-ubyte"
        if images.exists() and labels.exists():
            x, y = read_idx(images), read_idx(labels)
            return x.reshape(len(y), -1).astype(np.float32) / 255.0, y.astype(np.int64)
    sys.exit(f"MNIST not found under {root} (set HOPFIELD_DATA, or run `hopfield fetch mnist`)")


def make_bags(labels: np.ndarray, indices: np.ndarray, count: int, rng: np.random.Generator):
    """`count` bags of 8 to 12 digit indices drawn from `indices`, half of them holding at least one 9."""
    nines, others = indices[labels[indices] == 9], indices[labels[indices] != 9]
    bags, targets = [], []
    for b in range(count):
        size = int(rng.integers(8, 13))
        positive = b % 2 == 0
        if positive:
            k = int(rng.integers(1, 4))
            members = np.concatenate([rng.choice(nines, k, replace=False), rng.choice(others, size - k, replace=False)])
        else:
            members = rng.choice(others, size, replace=False)
        bags.append(rng.permutation(members))
        targets.append(float(positive))
    return bags, np.array(targets, dtype=np.float32)


def batches(bags, targets, batch_size, rng):
    """Mini-batches of bags of one size (no padding, so the fused kernels run)."""
    by_size = {}
    for i, bag in enumerate(bags):
        by_size.setdefault(len(bag), []).append(i)
    chunks = []
    for members in by_size.values():
        members = rng.permutation(members) if rng is not None else members
        chunks += [members[i:i + batch_size] for i in range(0, len(members), batch_size)]
    order = rng.permutation(len(chunks)) if rng is not None else range(len(chunks))
    for c in order:
        chosen = chunks[c]
        yield np.stack([bags[i] for i in chosen]), targets[chosen]


class BagClassifier(nn.Module):
    def __init__(self, width: int = 64):
        super().__init__()
        self.embed = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, width), nn.ReLU())
        self.pool = HopfieldPooling(input_size=width, hidden_size=32, num_heads=2, scaling=0.5)
        self.score = nn.Linear(width, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:  # (bags, size, 784) -> (bags,)
        n, size = images.shape[:2]
        instances = self.embed(images.reshape(n * size, -1)).view(n, size, -1)
        return self.score(self.pool(instances)).squeeze(-1)


def auc(scores: np.ndarray, targets: np.ndarray) -> float:
    """Area under the ROC curve: the probability that a positive bag outscores a negative one (ties 1/2)."""
    positive, negative = scores[targets == 1], scores[targets == 0]
    greater = (positive[:, None] > negative[None, :]).sum() + 0.5 * (positive[:, None] == negative[None, :]).sum()
    return float(greater / (len(positive) * len(negative)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-bags", type=int, default=2000)
    parser.add_argument("--test-bags", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    images, labels = load_mnist()
    order = rng.permutation(len(labels))  # the file may be sorted by class
    train_bags, train_targets = make_bags(labels, order[:7000], args.train_bags, rng)
    test_bags, test_targets = make_bags(labels, order[7000:], args.test_bags, rng)
    pixels = torch.from_numpy(images)
    model = BagClassifier()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.BCEWithLogitsLoss()
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        total = 0.0
        for members, targets in batches(train_bags, train_targets, 32, rng):
            logits = model(pixels[torch.from_numpy(members)])
            loss = loss_function(logits, torch.from_numpy(targets))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(targets)
        seconds = time.perf_counter() - start
        model.eval()
        scores, truth = [], []
        with torch.no_grad():
            for members, targets in batches(test_bags, test_targets, 256, None):
                scores.append(model(pixels[torch.from_numpy(members)]).numpy())
                truth.append(targets)
        test_auc = auc(np.concatenate(scores), np.concatenate(truth))
        print(f"epoch {epoch}: train loss {total / len(train_bags):.4f}, test AUC {test_auc:.4f},"
              f" {seconds:.2f} s per epoch ({args.threads} threads)", flush=True)
    print(f"final test AUC {test_auc:.4f} (target >= 0.97)")
    return 0 if test_auc >= 0.97 else 1


if __name__ == "__main__":
    sys.exit(main())
