"""The draw of a sortition (loting): verifiable by anyone from the published data.

Before registration closes, the municipality publishes the SHA-256 hash of a secret seed (the
commitment). After it closes, it publishes the data of every confirmed volunteer (a number,
neighbourhood and age band; never a name) and reveals the seed. Anyone can then check that
sha256(seed) equals the commitment and run `draw()` below (or re-implement the four steps) to
get the same panel:

1. Strata are the combinations of neighbourhood and age band.
2. Each stratum gets seats in proportion to its number of volunteers: the whole part of
   size * volunteers_in_stratum / all_volunteers, and the seats left over go to the strata with
   the largest remainders (ties: the lower sha256(seed + ":" + stratum) first).
3. Within a stratum, volunteers are ranked by sha256(seed + ":" + number), lowest first; the
   first of each stratum's ranking take its seats.
4. The others are reserves, in the same ranking per stratum: when someone declines, the next
   reserve of their own stratum is invited.

Run it yourself: `python -m council.sortition published.json` prints the panel."""

import hashlib
import json
import sys
from collections import defaultdict
from fractions import Fraction


def _rank(seed, text):
    return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()


def commitment(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def stratum_key(neighbourhood, age_band):
    return f"{neighbourhood}|{age_band}"


def quotas(counts, size):
    """Seats per stratum: proportional, largest remainder (Hamilton); `counts` maps stratum to
    its number of volunteers. Never more seats than volunteers."""
    total = sum(counts.values())
    size = min(size, total)
    if not total:
        return {}, {}
    exact = {s: Fraction(size * n, total) for s, n in counts.items()}
    seats = {s: int(q) for s, q in exact.items()}
    return seats, exact


def draw(volunteers, seed, size):
    """`volunteers`: dicts with "number", "neighbourhood", "age_band". Returns (panel, reserves):
    panel is the sorted list of drawn numbers; reserves maps each stratum to its ordered list
    of reserve numbers."""
    by_stratum = defaultdict(list)
    for v in volunteers:
        by_stratum[stratum_key(v["neighbourhood"], v["age_band"])].append(v["number"])
    counts = {s: len(numbers) for s, numbers in by_stratum.items()}
    if not counts:
        return [], {}
    seats, exact = quotas(counts, size)
    left = min(size, sum(counts.values())) - sum(seats.values())
    order = sorted(counts, key=lambda s: (-(exact[s] - seats[s]), _rank(seed, s)))
    for stratum in order[:left]:
        seats[stratum] += 1
    panel, reserves = [], {}
    for stratum, numbers in by_stratum.items():
        ranked = sorted(numbers, key=lambda n: _rank(seed, n))
        panel += ranked[: seats[stratum]]
        reserves[stratum] = ranked[seats[stratum] :]
    return sorted(panel), reserves


def main(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if commitment(data["seed"]) != data["commitment"]:
        raise SystemExit("The seed does not match the commitment published before the draw.")
    panel, _reserves = draw(data["volunteers"], data["seed"], data["panel_size"])
    print("Panel:", ", ".join(str(n) for n in panel))


if __name__ == "__main__":
    main(sys.argv[1])
