# vigil_capture.py: log a model's decisions to a Vigil spool without touching the model
#
# Standard library only. Decorate a prediction function with audit_logged(); each call appends
# one JSON line (Vigil's import format) to the spool, which `vigilctl follow SPOOL` commits to
# the audit log exactly once. The model's result is returned untouched, and a logging failure
# is reported through the `logging` module, never raised into the model.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import functools
import json
import logging
import os
import threading

__all__ = ["audit_logged", "log_decision"]

log = logging.getLogger("vigil_capture")

# One lock for the process: whole lines, in the order decisions were made. O_APPEND keeps
# lines of several processes writing to one spool whole as well.
_lock = threading.Lock()


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def log_decision(spool, model_name, model_version, decision_type, prediction,
                 confidence=None, input_features=None, explanation=None, ticker=None,
                 sector=None, portfolio_id=None, user_id="system"):
    """Appends one decision to the spool file as a JSON line; raises OSError or ValueError."""
    record = {
        "timestamp": _utc_now(),
        "model_name": model_name,
        "model_version": model_version,
        "decision_type": decision_type,
        "prediction": prediction,
        "confidence": confidence,
        "input_features": input_features,
        "explanation": explanation,
        "ticker": ticker,
        "sector": sector,
        "portfolio_id": portfolio_id,
        "user_id": user_id,
    }
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            + "\n").encode("utf-8")
    with _lock:
        # Opened for each line, so that a rotated spool (renamed away) is left at once.
        fd = os.open(os.fspath(spool), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                     0o644)
        try:
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)


def audit_logged(model_name, model_version, decision_type, spool):
    """Decorator: logs every call of a prediction function to the spool, as the notebook's.

    prediction, confidence, explanation, ticker and sector come from the result when it is a
    dict (ticker, sector and explanation given as keyword arguments take precedence), the
    input features from the `features` keyword argument or a dict first argument, and
    user_id from the `user_id` keyword argument, 'system' by default.
    """
    def decorator(predict_fn):
        @functools.wraps(predict_fn)
        def wrapper(*args, **kwargs):
            result = predict_fn(*args, **kwargs)
            try:
                is_dict = isinstance(result, dict)
                prediction = result.get("prediction", str(result)) if is_dict else str(result)
                confidence = result.get("confidence") if is_dict else None
                ticker = kwargs.get("ticker", result.get("ticker") if is_dict else None)
                sector = kwargs.get("sector", result.get("sector") if is_dict else None)
                explanation = kwargs.get("explanation",
                                         result.get("explanation") if is_dict else None)
                user_id = kwargs.get("user_id", "system")
                features = kwargs.get("features",
                                      args[0] if args and isinstance(args[0], dict) else None)
                log_decision(spool, model_name, model_version, decision_type,
                             str(prediction),
                             confidence=None if confidence is None else float(confidence),
                             input_features=features, explanation=explanation,
                             ticker=ticker, sector=sector, user_id=user_id)
            except Exception:  # never into the model
                log.exception("Could not log a decision of %s %s to %s",
                              model_name, model_version, spool)
            return result
        return wrapper
    return decorator
