#!/usr/bin/python3
"""Draws every figure of a `hopfield ... --json FILE` result with matplotlib, one PNG per figure.

    /usr/bin/python3 scripts/plot_figures.py out/results.json out/figures

Uses Debian's python3-matplotlib (scripts/setup.sh installs it). Each figure's series are lines with
markers; a series with y_low/y_high gets a shaded band (a confidence interval); a series whose label
starts with "seed" holds the values a reproduced write-up reports and is drawn as reference points (stars);
one whose label starts with "paper" holds a paper's published values (diamonds, in the colour of the series
drawn just before it, which an experiment makes its own curve of the same quantity); one whose label starts with
"theory" is a theory curve or line (dashed, no markers); one whose label starts with "reference" is a published
value drawn as a line (dotted, black), e.g. a best known solution.
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def draw(figure, path):
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    previous_colour = None
    for series in figure["series"]:
        if not series["x"]:
            continue
        # Points in x order (an experiment may append a finer grid after a coarse one).
        order = sorted(range(len(series["x"])), key=lambda i: series["x"][i])
        series = {k: ([v[i] for i in order] if isinstance(v, list) and len(v) == len(order) else v)
                  for k, v in series.items()}
        x, y = series["x"], series["y"]
        if series["label"].startswith("seed"):
            ax.plot(x, y, "k*", markersize=9, label=series["label"], zorder=5)
            continue
        if series["label"].startswith("paper"):
            colour = {"color": previous_colour} if previous_colour else {}
            ax.plot(x, y, "D", markersize=6, markerfacecolor="none", label=series["label"], zorder=5, **colour)
            continue
        if series["label"].startswith("reference"):
            ax.plot(x, y, "k:", linewidth=1.4, label=series["label"], zorder=4)
            continue
        if series["label"].startswith("theory"):
            ax.plot(x, y, "--", linewidth=1.2, label=series["label"], zorder=4)
            continue
        # A single measured point gets a marker large enough to show beside a reference star.
        (line,) = ax.plot(x, y, "o-", markersize=3 if len(x) > 1 else 8, linewidth=1.4, label=series["label"])
        previous_colour = line.get_color()
        if "y_low" in series and "y_high" in series:
            ax.fill_between(x, series["y_low"], series["y_high"], color=line.get_color(), alpha=0.2, linewidth=0)
    if figure.get("log_x"):
        ax.set_xscale("log")
    if figure.get("log_y"):
        ax.set_yscale("log")
    ax.set_title(figure["title"])
    ax.set_xlabel(figure["x_label"])
    ax.set_ylabel(figure["y_label"])
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    temporary = path + ".tmp.png"
    fig.savefig(temporary)
    plt.close(fig)
    os.replace(temporary, path)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot_figures.py RESULTS.json OUTPUT_DIRECTORY")
    source, directory = sys.argv[1], sys.argv[2]
    try:
        with open(source) as handle:
            document = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        sys.exit(f"plot_figures.py: cannot read {source}: {error}")
    os.makedirs(directory, exist_ok=True)
    count = 0
    for experiment in document.get("experiments", []):
        for figure in experiment.get("figures", []):
            path = os.path.join(directory, f"{figure['name']}.png")
            draw(figure, path)
            count += 1
            print(f"  figure {path}")
    print(f"plot_figures.py: {count} figures in {directory}")


if __name__ == "__main__":
    main()
