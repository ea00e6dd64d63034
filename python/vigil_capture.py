# vigil_capture.py: log a model's decisions to a Vigil spool without touching the model
#
# Standard library only. Decorate a prediction function with audit_logged(); each call appends
# one JSON line (Vigil's import format) to the spool, which `vigilctl follow SPOOL` commits to
# the audit log exactly once. The model's result is returned untouched, and a logging failure
# is reported through the `logging` module, never raised into the model.
#
# Values JSON cannot hold are converted, never a reason to drop the decision: numpy and pandas
# scalars become JSON numbers (or booleans, strings), NaN and infinities null, datetimes ISO 8601
# in UTC, Decimal a JSON number with its exact digits, sets and tuples lists, other dict keys
# strings, anything else its repr. Each conversion that loses something is named in a
# logging.warning. numpy and pandas are recognised by what their values do (.item(), .tolist(),
# .isoformat()), so this module never imports them.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import decimal
import functools
import json
import logging
import math
import numbers
import os
import threading

__all__ = ["audit_logged", "log_decision", "to_json_value"]

log = logging.getLogger("vigil_capture")

# One lock for the process: whole lines, in the order decisions were made. O_APPEND keeps
# lines of several processes writing to one spool whole as well.
_lock = threading.Lock()

# Vigil's limits (README, "The decision format"): a value over them would have the line refused.
_MAX_DIGITS = 40                # significant digits of a number
_MAX_EXPONENT = 308             # a double's range: |x| < 1.8e308 ...
_MIN_EXPONENT = -323            # ... and not below the smallest subnormal, 4.9e-324
_TEXT_LIMITS = {"model_name": 256, "model_version": 256, "decision_type": 256,
                "prediction": 1024, "explanation": 16384, "ticker": 256, "sector": 256,
                "portfolio_id": 256, "user_id": 256}

_UTC = datetime.timezone.utc


def _utc_now():
    return datetime.datetime.now(_UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Number:
    """A number written with its exact decimal digits (a Decimal)."""

    def __init__(self, text):
        self.text = text


def _fits(digits, exponent):
    """Whether DIGITS x 10^EXPONENT is a number Vigil keeps: at most 40 significant digits,
    within a double's range."""
    digits = digits.lstrip("0")
    if not digits:
        return True
    magnitude = len(digits) + exponent      # the value is 0.DIGITS x 10^magnitude
    return (len(digits.rstrip("0")) <= _MAX_DIGITS and
            _MIN_EXPONENT <= magnitude <= _MAX_EXPONENT + 1)


class _Converter:
    """Turns one decision's values into what json can write, noting what it had to change."""

    def __init__(self, where):
        self.where = where

    def warn(self, path, what):
        log.warning("%s: %s %s", self.where, path, what)

    def number(self, value, path):
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            if not _fits(str(abs(value)), 0):
                self.warn(path, "is an integer beyond what Vigil keeps (40 significant digits, "
                                "a double's range); logged as a string of its digits")
                return str(value)
            return int(value)
        if isinstance(value, decimal.Decimal):
            if not value.is_finite():
                self.warn(path, "is %s, which JSON cannot hold; logged as null" % value)
                return None
            _, digits, exponent = value.as_tuple()
            if not _fits("".join(map(str, digits)), exponent):
                self.warn(path, "is a Decimal beyond what Vigil keeps (40 significant digits, "
                                "a double's range); logged as a string of its digits")
                return str(value)
            return _Number(str(value))      # "1.50", "1E+2": JSON numbers as they are
        if isinstance(value, float):
            if not math.isfinite(value):
                self.warn(path, "is %r, which JSON cannot hold; logged as null" % value)
                return None
            return float(value)
        if isinstance(value, numbers.Integral):
            return self.number(int(value), path)
        if isinstance(value, numbers.Real):
            return self.number(float(value), path)
        return None

    def text(self, value, path):
        if "\0" in value:
            self.warn(path, "holds NUL characters, which Vigil does not store; each is logged "
                            "as U+2400 (\u2400)")
            value = value.replace("\0", "\u2400")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.warn(path, "is not valid Unicode (a lone surrogate); the bad characters are "
                            "logged as \\u escapes")
            value = value.encode("utf-8", "backslashreplace").decode("utf-8")
        return str(value)

    def datetime(self, value, path):
        try:
            if isinstance(value, datetime.datetime):
                # Naive times are UTC, as everywhere in Vigil.
                aware = value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
                text = aware.astimezone(_UTC).isoformat()
                return text[:-6] + "Z" if text.endswith("+00:00") else text
            return value.isoformat()
        except (ValueError, TypeError, OverflowError) as e:
            self.warn(path, "is a time that cannot be written in UTC (%s); logged as %r"
                      % (e, str(value)))
            return str(value)

    def convert(self, value, path, depth=0):
        if depth > 60:
            self.warn(path, "is nested too deeply; logged as its repr")
            return repr(value)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.text(value, path)
        if isinstance(value, (int, float, decimal.Decimal)):
            return self.number(value, path)
        name = type(value).__name__
        # pandas' missing values: NaT, NA
        if name in ("NaTType", "NAType"):
            self.warn(path, "is %s (missing); logged as null" % value)
            return None
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            return self.datetime(value, path)
        # numpy.datetime64 / timedelta64: .item() may give an int of nanoseconds
        if name == "datetime64":
            if str(value) == "NaT":
                self.warn(path, "is NaT (missing); logged as null")
                return None
            # Naive, UTC by numpy's convention; str() keeps every digit (nanoseconds too).
            text = str(value)
            return text + "Z" if "T" in text else text
        if isinstance(value, dict):
            return self.mapping(value, path, depth)
        if isinstance(value, (list, tuple)):
            return [self.convert(v, "%s[%d]" % (path, i), depth + 1) for i, v in enumerate(value)]
        if isinstance(value, (set, frozenset)):
            items = list(value)
            try:
                items.sort()
            except TypeError:
                items.sort(key=repr)
            return [self.convert(v, "%s[%d]" % (path, i), depth + 1) for i, v in enumerate(items)]
        # numpy scalars and 0-d arrays, and anything else that gives a Python value
        item = getattr(value, "item", None)
        if callable(item) and getattr(value, "ndim", 0) == 0 and not isinstance(value, type):
            try:
                plain = item()
            except (ValueError, TypeError):
                plain = value
            if plain is not value:
                return self.convert(plain, path, depth + 1)
        # numpy arrays, pandas Series
        tolist = getattr(value, "tolist", None)
        if callable(tolist) and not isinstance(value, type):
            try:
                return self.convert(tolist(), path, depth + 1)
            except (ValueError, TypeError):
                pass
        if isinstance(value, numbers.Number):
            converted = self.number(value, path)
            if converted is not None:
                return converted
        if hasattr(value, "isoformat") and callable(value.isoformat):
            return self.datetime(value, path)
        if hasattr(value, "items") and callable(value.items):
            try:
                return self.mapping(dict(value.items()), path, depth)
            except (TypeError, ValueError):
                pass
        text = repr(value)
        self.warn(path, "is of type %s, which JSON cannot hold; logged as its repr %.80s"
                  % (name, text))
        return self.text(text, path)

    def mapping(self, value, path, depth):
        out = {}
        for key, item in value.items():
            if isinstance(key, str):
                name = key
            else:
                name = self.key(key)
            if name in out:
                unique = "%s (%s)" % (name, type(key).__name__)
                n = 2
                while unique in out:
                    unique = "%s (%s %d)" % (name, type(key).__name__, n)
                    n += 1
                self.warn("%s.%s" % (path, name), "is the name of two keys once written as "
                          "strings; the value of the key %r is logged under %r" % (key, unique))
                name = unique
            name = self.text(name, "%s key %r" % (path, name))
            out[name] = self.convert(item, "%s.%s" % (path, name), depth + 1)
        return out

    def key(self, key):
        # Keys JSON cannot hold: numbers and booleans as JSON writes them, the rest as str()
        plain = key
        item = getattr(key, "item", None)
        if callable(item) and getattr(key, "ndim", 0) == 0:
            try:
                plain = item()
            except (ValueError, TypeError):
                pass
        if plain is None or isinstance(plain, (bool, int, float)):
            return json.dumps(plain)
        if isinstance(plain, (datetime.datetime, datetime.date, datetime.time)):
            return self.datetime(plain, "key")
        return str(plain)


def _iterencode(value):
    if isinstance(value, _Number):
        yield value.text
    elif isinstance(value, dict):
        yield "{"
        for i, (k, v) in enumerate(value.items()):
            if i:
                yield ","
            yield json.dumps(k, ensure_ascii=False)
            yield ":"
            yield from _iterencode(v)
        yield "}"
    elif isinstance(value, list):
        yield "["
        for i, v in enumerate(value):
            if i:
                yield ","
            yield from _iterencode(v)
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False, allow_nan=False)


def to_json_value(value, where="vigil_capture", path="value"):
    """Returns @value as json can write it, warning (through logging) of what was changed."""
    return _Converter(where).convert(value, path)


def _confidence(converter, confidence):
    if confidence is None:
        return None
    if isinstance(confidence, str):
        try:
            confidence = float(confidence)
        except ValueError:
            converter.warn("confidence", "%r is not a number; logged as null" % confidence)
            return None
    value = converter.convert(confidence, "confidence")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, _Number)):
        converter.warn("confidence", "%r is not a number; logged as null" % (confidence,))
        return None
    if not 0 <= float(value.text if isinstance(value, _Number) else value) <= 1:
        converter.warn("confidence", "%r is outside [0, 1]; logged as null" % (confidence,))
        return None
    return value


def _text_field(converter, name, value):
    if value is None:
        return None
    if not isinstance(value, str):
        plain = converter.convert(value, name)
        value = plain if isinstance(plain, str) else "".join(_iterencode(plain))
    value = converter.text(value, name)
    limit = _TEXT_LIMITS[name]
    data = value.encode("utf-8")
    if len(data) > limit:
        converter.warn(name, "is %d bytes long, over Vigil's limit of %d; logged cut to it"
                       % (len(data), limit))
        value = data[:limit].decode("utf-8", "ignore")
    return value


def _write_line(spool, line):
    """Appends @line with one write: whole, or not at all (then raises OSError)."""
    with _lock:
        # Opened for each line, so that a rotated spool (renamed away) is left at once.
        fd = os.open(os.fspath(spool), os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
                     0o644)
        try:
            written = os.write(fd, line)
        finally:
            os.close(fd)
    if written != len(line):
        # Writing the rest later could land after another process's line; the reader
        # quarantines the torn head and keeps the next whole line.
        raise OSError("only %d of the %d bytes of a decision were written to %s (is the disk "
                      "full?)" % (written, len(line), spool))


def log_decision(spool, model_name, model_version, decision_type, prediction,
                 confidence=None, input_features=None, explanation=None, ticker=None,
                 sector=None, portfolio_id=None, user_id="system"):
    """Appends one decision to the spool file as a JSON line; raises OSError.

    Values JSON cannot hold are converted (see the module's description), with a
    logging.warning naming each field that lost something; none is a reason to drop the line.
    """
    converter = _Converter("%s %s" % (model_name, model_version))
    features = None
    if input_features is not None:
        features = converter.convert(input_features, "input_features")
        if not isinstance(features, dict):
            converter.warn("input_features", "is not a mapping; logged as {\"value\": ...}")
            features = {"value": features}
    record = {
        "timestamp": _utc_now(),
        "model_name": _text_field(converter, "model_name", model_name),
        "model_version": _text_field(converter, "model_version", model_version),
        "decision_type": _text_field(converter, "decision_type", decision_type),
        "prediction": _text_field(converter, "prediction", prediction),
        "confidence": _confidence(converter, confidence),
        "input_features": features,
        "explanation": _text_field(converter, "explanation", explanation),
        "ticker": _text_field(converter, "ticker", ticker),
        "sector": _text_field(converter, "sector", sector),
        "portfolio_id": _text_field(converter, "portfolio_id", portfolio_id),
        "user_id": _text_field(converter, "user_id", user_id),
    }
    line = ("".join(_iterencode(record)) + "\n").encode("utf-8")
    try:
        _write_line(spool, line)
    except OSError as e:
        # The decision itself stays in the log, to be imported by hand.
        raise OSError("%s; the decision was: %s" % (e, line.decode("utf-8").rstrip())) from e


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
                             prediction if isinstance(prediction, str) else str(prediction),
                             confidence=confidence, input_features=features,
                             explanation=explanation, ticker=ticker, sector=sector,
                             user_id=user_id)
            except Exception:  # never into the model
                log.exception("Could not log a decision of %s %s to %s",
                              model_name, model_version, spool)
            return result
        return wrapper
    return decorator
