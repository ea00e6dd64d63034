"""Log a model's decisions, and their outcomes, to a Vigil spool without touching the model.

Standard library only. Decorate a prediction function with :func:`audit_logged`; each call
appends one JSON line (Vigil's import format) to the spool, which ``vigilctl follow SPOOL``
commits to the audit log exactly once. The model's result is returned untouched, and a logging
failure is reported through the :mod:`logging` module, never raised into the model.
:func:`record_outcome` appends what actually happened after a decision, which ``vigilctl
follow`` records once the decision is committed.

Values JSON cannot hold are converted, never a reason to drop the decision: numpy and pandas
scalars become JSON numbers (or booleans, strings), NaN and infinities null, datetimes ISO 8601
in UTC, Decimal a JSON number with its exact digits, sets and tuples lists, other dict keys
strings, anything else its repr. Each conversion that loses something is named in a
logging.warning. numpy and pandas are recognised by what their values do (.item(), .tolist(),
.isoformat()), so this module never imports them.
"""
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import datetime
import decimal
import functools
import inspect
import json
import logging
import math
import numbers
import os
import re
import threading
import time
from typing import Any, Callable, Dict, Iterator, NamedTuple, Optional, TypeVar, Union

__all__ = ["DecisionRef", "audit_logged", "last_decision", "log_decision", "record_outcome",
           "to_json_value", "__version__"]

__version__ = "0.1.0"

log = logging.getLogger("vigil_capture")

# One lock for the process: whole lines, in the order decisions were made. O_APPEND keeps
# lines of several processes writing to one spool whole as well.
_lock = threading.Lock()

# Vigil's limits (README, "The decision format"): a value over them would have the line refused.
_MAX_DIGITS = 40                # significant digits of a number
_MAX_EXPONENT = 308             # a double's range: |x| < 1.8e308 ...
_MIN_EXPONENT = -323            # ... and not below the smallest subnormal, 4.9e-324
_TEXT_LIMITS: Dict[str, int] = {
    "model_name": 256, "model_version": 256, "decision_type": 256, "prediction": 1024,
    "explanation": 16384, "ticker": 256, "sector": 256, "portfolio_id": 256, "user_id": 256}

_UTC = datetime.timezone.utc


# The last timestamp given to a decision, in microseconds since the epoch: each decision of the
# process gets a later one, so that (model, timestamp) names one decision (see DecisionRef).
_clock_lock = threading.Lock()
_clock_last = 0


def _next_timestamp() -> str:
    """Now, in UTC with microseconds, later than any timestamp given before in this process."""
    global _clock_last
    with _clock_lock:
        now = time.time_ns() // 1000
        if now <= _clock_last:
            now = _clock_last + 1
        _clock_last = now
    moment = datetime.datetime(1970, 1, 1, tzinfo=_UTC) + datetime.timedelta(microseconds=now)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Number:
    """A number written with its exact decimal digits (a Decimal)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _fits(digits: str, exponent: int) -> bool:
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

    def __init__(self, where: str) -> None:
        self.where = where

    def warn(self, path: str, what: str) -> None:
        log.warning("%s: %s %s", self.where, path, what)

    def number(self, value: Any, path: str) -> Any:
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

    def text(self, value: str, path: str) -> str:
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

    def datetime(self, value: Any, path: str) -> str:
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

    def convert(self, value: Any, path: str, depth: int = 0) -> Any:
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

    def mapping(self, value: Dict[Any, Any], path: str, depth: int) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
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

    def key(self, key: Any) -> str:
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


def _iterencode(value: Any) -> Iterator[str]:
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


def to_json_value(value: Any, where: str = "vigil_capture", path: str = "value") -> Any:
    """Return *value* as :mod:`json` can write it, warning (through logging) of what changed.

    *where* and *path* name the value in those warnings.
    """
    return _Converter(where).convert(value, path)


def _confidence(converter: _Converter, confidence: Any) -> Any:
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


def _text_field(converter: _Converter, name: str, value: Any) -> Optional[str]:
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


def _write_line(spool: Union[str, "os.PathLike[str]"], line: bytes) -> None:
    """Append *line* with one write: whole, or not at all (then raise OSError)."""
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




Spool = Union[str, "os.PathLike[str]"]


class DecisionRef(NamedTuple):
    """Names one logged decision: its model and the timestamp it was logged with.

    :func:`log_decision` returns one, and :func:`last_decision` gives the last one a thread
    logged (also through :func:`audit_logged`); :func:`record_outcome` takes it. Decisions of a
    process get distinct timestamps, so a reference names one decision unless two processes
    log decisions of the same model in the same microsecond; ``vigilctl follow`` then rejects
    the outcome, naming the ambiguity, rather than guess.
    """

    model_name: str
    timestamp: str


_last = threading.local()


def last_decision() -> Optional[DecisionRef]:
    """The reference of the last decision this thread logged, or None before the first."""
    return getattr(_last, "ref", None)


def log_decision(spool: Spool, model_name: str, model_version: str, decision_type: str,
                 prediction: Any, confidence: Any = None, input_features: Any = None,
                 explanation: Any = None, ticker: Any = None, sector: Any = None,
                 portfolio_id: Any = None, user_id: Any = "system",
                 event_id: Optional[str] = None) -> DecisionRef:
    """Append one decision to *spool* as a JSON line and return its :class:`DecisionRef`.

    Values JSON cannot hold are converted (see the module's description), with a
    logging.warning naming each field that lost something; none is a reason to drop the line.
    *event_id* is your own key for the decision, unique per model, with which your systems
    send its outcome later (``vigilctl outcomes import``); one that is not a string of 1 to
    256 bytes is left out, with a warning, since a key cut short would name another decision.

    Raises:
        OSError: the line could not be written; the message holds the decision's text.
    """
    converter = _Converter("%s %s" % (model_name, model_version))
    features = None
    if input_features is not None:
        features = converter.convert(input_features, "input_features")
        if not isinstance(features, dict):
            converter.warn("input_features", "is not a mapping; logged as {\"value\": ...}")
            features = {"value": features}
    record = {
        "timestamp": _next_timestamp(),
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
    if event_id is not None:
        if isinstance(event_id, str) and 0 < len(event_id.encode("utf-8", "replace")) <= 256 \
                and event_id.strip():
            record["event_id"] = converter.text(event_id, "event_id")
        else:
            converter.warn("event_id", "is not a string of 1 to 256 bytes; logged without it")
    line = ("".join(_iterencode(record)) + "\n").encode("utf-8")
    try:
        _write_line(spool, line)
    except OSError as e:
        # The decision itself stays in the log, to be imported by hand.
        raise OSError("%s; the decision was: %s" % (e, line.decode("utf-8").rstrip())) from e
    ref = DecisionRef(str(record["model_name"]), str(record["timestamp"]))
    _last.ref = ref
    return ref


# What Vigil reads as a timestamp: a date, or a date and time with or without fraction and zone
_ISO_8601 = re.compile(r"(\d{4})-(\d{2})-(\d{2})"
                       r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?\Z")


def _outcome_time(value: Any, name: str) -> str:
    """An ISO 8601 text for a datetime, date or string (naive times are UTC)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (datetime.datetime, datetime.date)) or (
            hasattr(value, "isoformat") and callable(value.isoformat)):
        text = _Converter("record_outcome").datetime(value, name)
    else:
        raise ValueError("record_outcome: %s must be a datetime, a date or an ISO 8601 string, "
                         "not %s" % (name, type(value).__name__))
    m = _ISO_8601.match(text)
    try:
        if m is None:
            raise ValueError("not of the form 2026-11-26 or 2026-11-26T09:30:00Z")
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as e:
        raise ValueError("record_outcome: %s %r is not an ISO 8601 timestamp (%s)"
                         % (name, text, e)) from None
    return text


def _outcome_text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError("record_outcome: %s must be a string, not %s"
                         % (name, type(value).__name__))
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("record_outcome: %s is not valid Unicode (a lone surrogate)"
                         % name) from None
    if not data or len(data) > limit or "\0" in value:
        raise ValueError("record_outcome: %s must be 1 to %d bytes of UTF-8 without NUL, "
                         "not %d" % (name, limit, len(data)))
    return value


def record_outcome(spool: Spool, model_name: Optional[str],
                   decision: Union[DecisionRef, str, int], outcome: Any,
                   outcome_at: Any = None, recorded_by: Optional[str] = None) -> None:
    """Append what actually happened after a decision to *spool*, as an outcome line.

    ``vigilctl follow`` records it as ``vigilctl outcome`` would, once the decision is
    committed: the decision's ``actual_outcome`` and ``outcome_date``, and a sealed ``outcome``
    event.

    Args:
        spool: the spool file, usually the one the decision went to.
        model_name: the decision's model; None when *decision* is a DecisionRef or an id.
        decision: the decision: its :class:`DecisionRef` (from :func:`log_decision` or
            :func:`last_decision`), the timestamp string of one (with *model_name*), or its id
            in Vigil's database (an int, as ``vigilctl decisions`` shows it).
        outcome: what happened, a string ("DEFAULTED", "+2.4%") or a number (written as JSON
            writes it); at most 1,024 bytes.
        outcome_at: when it was known: a datetime or date (naive is UTC) or an ISO 8601
            string; None for when ``vigilctl follow`` records it.
        recorded_by: who records it; None for the user running ``vigilctl follow``.

    Raises:
        ValueError: an argument is not valid; nothing was written.
        OSError: the line could not be written.
    """
    line: Dict[str, Any] = {}
    if isinstance(outcome, str):
        line["outcome"] = _outcome_text(outcome, "outcome", 1024)
    else:
        plain = to_json_value(outcome, "record_outcome", "outcome")
        if isinstance(plain, bool) or not isinstance(plain, (int, float, _Number)):
            raise ValueError("record_outcome: outcome must be a string or a number, not %s"
                             % type(outcome).__name__)
        line["outcome"] = _outcome_text("".join(_iterencode(plain)), "outcome", 1024)
    if isinstance(decision, DecisionRef):
        if model_name is not None and model_name != decision.model_name:
            raise ValueError("record_outcome: the decision is one of %r, not of %r"
                             % (decision.model_name, model_name))
        line["model_name"] = decision.model_name
        line["decision_timestamp"] = decision.timestamp
    elif isinstance(decision, bool):
        raise ValueError("record_outcome: decision must be a DecisionRef, a timestamp or an "
                         "id, not a bool")
    elif isinstance(decision, numbers.Integral):
        if not 1 <= int(decision) < 2 ** 63:
            raise ValueError("record_outcome: a decision id is a whole number from 1, not %d"
                             % int(decision))
        if model_name is not None:
            raise ValueError("record_outcome: give the model name or the decision id, not both")
        line["decision_id"] = int(decision)
    elif isinstance(decision, str):
        if model_name is None:
            raise ValueError("record_outcome: a decision named by its timestamp needs its "
                             "model_name")
        line["model_name"] = _outcome_text(model_name, "model_name", 256)
        line["decision_timestamp"] = _outcome_time(decision, "the decision's timestamp")
    else:
        raise ValueError("record_outcome: decision must be a DecisionRef, a timestamp or an "
                         "id, not %s" % type(decision).__name__)
    if outcome_at is not None:
        line["outcome_date"] = _outcome_time(outcome_at, "outcome_at")
    if recorded_by is not None:
        line["recorded_by"] = _outcome_text(recorded_by, "recorded_by", 256)
    _write_line(spool, ("".join(_iterencode(line)) + "\n").encode("utf-8"))


F = TypeVar("F", bound=Callable[..., Any])

_CONTEXT = ("ticker", "sector", "portfolio_id", "user_id", "explanation")


def audit_logged(model_name: str, model_version: str, decision_type: str, spool: Spool, *,
                 ticker: Optional[str] = None, sector: Optional[str] = None,
                 portfolio_id: Optional[str] = None, user_id: Optional[str] = None,
                 explanation: Optional[str] = None) -> Callable[[F], F]:
    """Decorator: log every call of a prediction function to *spool*, as the notebook's.

    The function is called unchanged and its result returned untouched; each call appends one
    decision (see :func:`log_decision`), whose reference :func:`last_decision` then gives.

    - prediction and confidence come from the result when it is a dict (``"prediction"``,
      ``"confidence"``), else the prediction is ``str(result)``;
    - the input features are the ``features`` argument, or else a dict first argument;
    - each context field (ticker, sector, portfolio_id, user_id, and explanation) is taken,
      first found first, from the call's arguments of that name (keyword, or positional by the
      function's signature, or in its ``**kwargs``), from the result when it is a dict, then
      from this decorator's argument of that name; user_id is ``"system"`` when none gives it.

    A failure to log is reported through :mod:`logging`, never raised into the model.
    """
    defaults = {"ticker": ticker, "sector": sector, "portfolio_id": portfolio_id,
                "user_id": user_id, "explanation": explanation}

    def decorator(predict_fn: F) -> F:
        try:
            signature: Optional[inspect.Signature] = inspect.signature(predict_fn)
        except (TypeError, ValueError):
            signature = None

        def call_arguments(args: tuple, kwargs: Dict[str, Any]) -> Dict[str, Any]:
            named = dict(kwargs)
            if signature is not None:
                try:
                    bound = signature.bind_partial(*args, **kwargs)
                except TypeError:
                    return named
                for name, value in bound.arguments.items():
                    kind = signature.parameters[name].kind
                    if kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                inspect.Parameter.POSITIONAL_ONLY):
                        named.setdefault(name, value)
            return named

        @functools.wraps(predict_fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = predict_fn(*args, **kwargs)
            try:
                named = call_arguments(args, kwargs)
                is_dict = isinstance(result, dict)
                prediction = result.get("prediction", str(result)) if is_dict else str(result)
                confidence = result.get("confidence") if is_dict else None
                context: Dict[str, Any] = {}
                for field in _CONTEXT:
                    if named.get(field) is not None:
                        context[field] = named[field]
                    elif is_dict and result.get(field) is not None:
                        context[field] = result[field]
                    else:
                        context[field] = defaults[field]
                if context["user_id"] is None:
                    context["user_id"] = "system"
                features = kwargs.get("features", named.get("features"))
                if features is None and args and isinstance(args[0], dict):
                    features = args[0]
                log_decision(spool, model_name, model_version, decision_type,
                             prediction if isinstance(prediction, str) else str(prediction),
                             confidence=confidence, input_features=features, **context)
            except Exception:  # never into the model
                log.exception("Could not log a decision of %s %s to %s",
                              model_name, model_version, spool)
            return result
        return wrapper  # type: ignore[return-value]
    return decorator
