"""Exercises every caching helper once and reports what each returned."""

import time

from panther_detection_helpers import caching


def rule(event):
    return event.get("iotaMarker") == "caching"


def alert_context(event):
    key = event.get("keyPrefix")
    now = int(time.time())
    out = {
        "added": sorted(caching.add_to_string_set(key + "set", ["a", "b"])),
        "added_one": sorted(caching.add_to_string_set(key + "set", "c")),
        "removed": sorted(caching.remove_from_string_set(key + "set", "a")),
        "read_back": sorted(caching.get_string_set(key + "set")),
    }
    caching.put_string_set(key + "emptied", ["x"])
    caching.put_string_set(key + "emptied", [])
    out["emptied"] = sorted(caching.get_string_set(key + "emptied"))
    caching.put_dictionary(key + "dict", {"k": 1, "nested": {"n": [1, 2]}})
    out["dict"] = caching.get_dictionary(key + "dict")
    out["missing_dict"] = caching.get_dictionary(key + "nothing")
    out["counter"] = caching.increment_counter(key + "count", 5)
    out["counter_again"] = caching.increment_counter(key + "count")
    caching.reset_counter(key + "count")
    out["counter_reset"] = caching.get_counter(key + "count")
    caching.increment_counter(key + "expired", 1, epoch_seconds=now - 60)
    out["expired"] = caching.get_counter(key + "expired", force_ttl_check=True)
    caching.put_string_set(key + "future", ["x"], epoch_seconds=now + 3600)
    out["future"] = sorted(caching.get_string_set(key + "future"))
    try:
        caching.put_dictionary(key + "bad", ["not", "a", "dict"])
        out["bad_dictionary"] = "accepted"
    except TypeError:
        out["bad_dictionary"] = "TypeError"
    return out
