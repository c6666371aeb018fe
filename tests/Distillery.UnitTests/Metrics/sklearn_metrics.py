"""Reference values for Distillery's metric tests, from scikit-learn and numpy.

Reads {"requests": [...]} as JSON on stdin and writes {"results": [...]} on stdout, one result
per request, in order. Run by the tests with Debian's /usr/bin/python3 (scikit-learn 1.2.1).
Nothing here is reused from the C# side: each value comes from scikit-learn, numpy, or a
deliberately plain implementation of the definition.
"""

import json
import math
import sys
import warnings

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

# Zero divisions are part of the test cases; scikit-learn's default scores them 0.0 and warns.
warnings.simplefilter("ignore")


def number(value):
    """JSON has no NaN; undefined values travel as null."""
    value = float(value)
    return None if math.isnan(value) else value


def classification(request):
    truth, predicted, labels = request["truth"], request["predicted"], request["labels"]
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels, average=None)
    result = {
        "accuracy": number(accuracy_score(truth, predicted)),
        "confusion": confusion_matrix(truth, predicted, labels=labels).tolist(),
        "per_label": [
            {"precision": number(p), "recall": number(r), "f1": number(f), "support": int(s)}
            for p, r, f, s in zip(precision, recall, f1, support)
        ],
        "kappa": number(cohen_kappa_score(truth, predicted, labels=labels)),
    }
    for average in ("macro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(truth, predicted, labels=labels, average=average)
        result[average] = {"precision": number(p), "recall": number(r), "f1": number(f)}
    positive = request.get("positive_label")
    if positive is not None:
        p, r, f, _ = precision_recall_fscore_support(truth, predicted, pos_label=positive, average="binary")
        result["binary"] = {"precision": number(p), "recall": number(r), "f1": number(f)}
    return result


def metric(name, truth, predicted, labels, positive):
    if name == "accuracy":
        return accuracy_score(truth, predicted)
    if name == "macro_f1":
        return f1_score(truth, predicted, labels=labels, average="macro")
    if name == "weighted_f1":
        return f1_score(truth, predicted, labels=labels, average="weighted")
    if name == "binary_f1":
        return f1_score(truth, predicted, pos_label=positive, average="binary")
    raise ValueError(f"unknown metric {name}")


def bootstrap(request):
    """The metric on every given resample, then numpy's default percentiles of those values."""
    truth = np.array(request["truth"])
    arm_a = np.array(request["predicted"])
    arm_b = np.array(request["predicted_b"]) if request.get("predicted_b") is not None else None
    labels, positive, name = request["labels"], request.get("positive_label"), request["metric"]

    def statistic(indices):
        value = metric(name, truth[indices], arm_a[indices], labels, positive)
        if arm_b is not None:
            value -= metric(name, truth[indices], arm_b[indices], labels, positive)
        return value

    level = request["confidence_level"]
    values = np.array([statistic(np.array(indices)) for indices in request["resamples"]])
    lower, upper = np.percentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    result = {
        "estimate": number(statistic(np.arange(len(truth)))),
        "lower": number(lower),
        "upper": number(upper),
    }
    if arm_b is not None:
        result["one_sided_p_value"] = number(np.mean(values <= 0))
    return result


def alpha(request):
    """Nominal Krippendorff's alpha straight from its definition as averages over pairs of values,
    without the coincidence matrix: D_o over pairs within units (weight 1/(m_u - 1)), D_e over
    all pairs of pairable values, alpha = 1 - D_o / D_e."""
    units = [[v for v in unit if v is not None] for unit in request["units"]]
    units = [unit for unit in units if len(unit) >= 2]
    pooled = [v for unit in units for v in unit]
    n = len(pooled)
    observed = 0.0
    for unit in units:
        m = len(unit)
        disagreeing = sum(1 for i in range(m) for j in range(m) if i != j and unit[i] != unit[j])
        observed += disagreeing / (m - 1)
    observed /= n
    expected = sum(1 for i in range(n) for j in range(n) if i != j and pooled[i] != pooled[j]) / (n * (n - 1))
    return {"alpha": number(1 - observed / expected)}


HANDLERS = {"classification": classification, "bootstrap": bootstrap, "alpha": alpha}


def main():
    requests = json.load(sys.stdin)["requests"]
    json.dump({"results": [HANDLERS[r["kind"]](r) for r in requests]}, sys.stdout)


if __name__ == "__main__":
    main()
