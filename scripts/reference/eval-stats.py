#!/usr/bin/env python3
"""Reference values for templates/base/kit-tests/stats-reference.test.ts (Wilson, McNemar, macro-F1,
and the Newcombe paired interval as an arithmetic check), computed independently of
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


def newcombe(a, b, c, d):
    """Newcombe (1998) method 10 for paired proportions, in 60-digit decimals."""
    n = a + b + c + d
    p1, p2 = Decimal(a + b) / n, Decimal(a + c) / n
    l1, u1 = wilson(a + b, n)
    l2, u2 = wilson(a + c, n)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    adjusted = cross - Fraction(n, 2) if cross > Fraction(n, 2) else (cross if cross < 0 else 0)
    phi = Decimal(0) if margins == 0 else Decimal(adjusted.numerator if isinstance(adjusted, Fraction) else adjusted) / Decimal(adjusted.denominator if isinstance(adjusted, Fraction) else 1) / Decimal(margins).sqrt()
    dl = ((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2).sqrt()
    du = ((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2).sqrt()
    return max(Decimal(-1), p1 - p2 - dl), min(Decimal(1), p1 - p2 + du)


for table in ((18, 6, 0, 36), (18, 12, 0, 0), (40, 14, 5, 63)):
    lo, hi = newcombe(*table)
    print(f"newcombe{table}: {float(lo)!r} {float(hi)!r}")
