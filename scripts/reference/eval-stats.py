#!/usr/bin/env python3
"""Reference values for templates/base/kit-tests/stats-reference.test.ts, computed independently of
the pilot's TypeScript: exact rationals (fractions) for McNemar and macro-F1, 60-digit decimals for
the Wilson intervals, and z from Python's statistics.NormalDist (Wichura's AS241), the same quantile
statsmodels uses (scipy.stats.norm.ppf(0.975)). Run: python3 scripts/reference/eval-stats.py
"""
from decimal import Decimal, getcontext
from fractions import Fraction
from math import comb
from statistics import NormalDist

getcontext().prec = 60
Z = Decimal(repr(NormalDist().inv_cdf(0.975)))

# Rows: expected class; columns: answered class (a, b, c). 122 cases.
CLASSES = ['a', 'b', 'c']
MATRIX = [[40, 5, 3], [4, 30, 6], [2, 7, 25]]


def wilson(k, n):
    k, n = Decimal(k), Decimal(n)
    p = k / n
    z2 = Z * Z
    center = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt()) / (1 + z2 / n)
    low = Decimal(0) if k == 0 else center - half
    high = Decimal(1) if k == n else center + half
    return low, high


def mcnemar(b, c):
    n = b + c
    if n == 0:
        return Fraction(1)
    tail = sum(comb(n, i) for i in range(min(b, c) + 1))
    return min(Fraction(1), Fraction(2 * tail, 2 ** n))


def show(name, value):
    print(f"{name}: {float(value)!r}")


n = sum(map(sum, MATRIX))
correct = sum(MATRIX[i][i] for i in range(3))
show('accuracy', Fraction(correct, n))
lo, hi = wilson(correct, n)
show('accuracy wilson low', lo)
show('accuracy wilson high', hi)
f1s = []
for i, name in enumerate(CLASSES):
    tp = MATRIX[i][i]
    support = sum(MATRIX[i])
    predicted = sum(row[i] for row in MATRIX)
    precision, recall = Fraction(tp, predicted), Fraction(tp, support)
    f1 = 2 * precision * recall / (precision + recall)
    f1s.append(f1)
    for label, (k, m) in (('precision', (tp, predicted)), ('recall', (tp, support))):
        lo, hi = wilson(k, m)
        show(f'{label}[{name}] wilson low', lo)
        show(f'{label}[{name}] wilson high', hi)
show('macro_f1', sum(f1s) / 3)
print('macro_f1 exact:', sum(f1s) / 3)
for b, c in ((14, 5), (6, 0), (12, 10), (2, 0), (30, 21)):
    p = mcnemar(b, c)
    print(f"mcnemar({b}, {c}): {float(p)!r} = {p}")
for k, m in ((0, 10), (10, 10), (1, 3), (57, 60)):
    lo, hi = wilson(k, m)
    print(f"wilson({k}, {m}): {float(lo)!r} {float(hi)!r}")
