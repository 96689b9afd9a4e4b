#!/usr/bin/env python3
"""Checks `bramble cutsets` on an Open-PSA model by brute force, with no code in common with it.

The MEF formula is evaluated directly with numpy, on many assignments at once. An assignment
"exactly the events of S occur" makes S a cut set when the top gate is true, and S is minimal
when no proper subset is a cut set (the definition SCRAM documents for negation). Handles
<and>, <or>, <not>, <gate> and <basic-event> only, which is what das9701.xml uses.

usage:
  check-cutsets.py MODEL.xml enumerate OUT.json      all minimal sets of at most 3 events
  check-cutsets.py MODEL.xml sample SETS.json        each listed set is a minimal cut set
  check-cutsets.py MODEL.xml containing EVENT SETS.json
                                                     all minimal 4-event sets holding EVENT
SETS.json is the output of `bramble cutsets --format json --max-sets N`.
Needs python3 and numpy; evaluating all 3.2 million sets of das9701 takes about a minute.
"""
import itertools
import json
import random
import sys
import xml.etree.ElementTree as ET

import numpy as np

model, mode = sys.argv[1], sys.argv[2]
root = ET.parse(model).getroot()
gates = {g.get('name'): [c for c in g if c.tag != 'label'][0] for g in root.iter('define-gate')}
events = sorted({e.get('name') for e in root.iter('define-basic-event')})
index = {e: i for i, e in enumerate(events)}
referenced = {r.get('name') for f in gates.values() for r in f.iter('gate')}
top = [g for g in gates if g not in referenced][0]

# Gates in an order where every gate comes after the gates it references.
order, seen, stack = [], set(), [(top, False)]
while stack:
    name, done = stack.pop()
    if done:
        order.append(name)
        continue
    if name in seen:
        continue
    seen.add(name)
    stack.append((name, True))
    stack.extend((r.get('name'), False) for r in gates[name].iter('gate') if r.get('name') not in seen)


def causes_top(sets):
    """Returns, for each set, whether the top gate is true when exactly its events occur."""
    assignment = np.zeros((len(events), len(sets)), dtype=bool)
    for column, events_of_set in enumerate(sets):
        for event in events_of_set:
            assignment[index[event], column] = True
    value = {}

    def term(formula):
        if formula.tag == 'basic-event':
            return assignment[index[formula.get('name')]]
        if formula.tag == 'gate':
            return value[formula.get('name')]
        if formula.tag == 'not':
            return ~term(formula[0])
        arguments = [term(child) for child in formula]
        result = arguments[0].copy()
        for argument in arguments[1:]:
            if formula.tag == 'and':
                result &= argument
            elif formula.tag == 'or':
                result |= argument
            else:
                sys.exit(f'unsupported formula <{formula.tag}>')
        return result

    for name in order:
        value[name] = term(gates[name])
    return value[top]


def minimal(candidates):
    """Returns the candidates that cause the top event while no proper subset does."""
    found = [c for c, ok in zip(candidates, causes_top(candidates)) if ok]
    subsets = sorted({s for c in found for k in range(len(c)) for s in itertools.combinations(c, k)})
    causing = dict(zip(subsets, causes_top(subsets))) if subsets else {}
    return [c for c in found if not any(causing[s] for k in range(len(c)) for s in itertools.combinations(c, k))]


if mode == 'enumerate':
    result = []
    for size in (1, 2, 3):
        combos = itertools.combinations(events, size)
        while batch := list(itertools.islice(combos, 400_000)):
            result += minimal(batch)
    print('minimal sets by order:', [sum(1 for s in result if len(s) == k) for k in (1, 2, 3)])
    json.dump([list(s) for s in result], open(sys.argv[3], 'w'))
elif mode == 'sample':
    sets = [tuple(sorted(s)) for s in json.load(open(sys.argv[3]))['sets']]
    random.seed(1)
    sample = sets if len(sets) <= 20_000 else random.sample(sets, 20_000)
    good = minimal(sample)
    print(f'checked {len(sample)} sets: {len(good)} are minimal cut sets')
elif mode == 'containing':
    pivot = sys.argv[3]
    others = [e for e in events if e != pivot]
    result = []
    combos = itertools.combinations(others, 3)
    while batch := list(itertools.islice(combos, 400_000)):
        result += minimal([tuple(sorted((pivot,) + t)) for t in batch])
    listed = {tuple(sorted(s)) for s in json.load(open(sys.argv[4]))['sets'] if len(s) == 4 and pivot in s}
    print(f'minimal 4-event sets with {pivot}: {len(result)}; listed: {len(listed)}; equal: {set(result) == listed}')
else:
    sys.exit(__doc__)
