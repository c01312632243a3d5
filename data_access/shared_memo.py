"""Work done once per process and shared: results by a hashable key, kept for every thread that asks."""

import threading
from collections import OrderedDict
from collections.abc import Callable


class SharedMemo:
    """Results by a hashable key that names everything they depend on, shared read-only by every session of the
    process and worked out once however many ask at the same moment (a steering group opening the link
    together): the others wait for it and read it. The least recently used go beyond ``max_entries``."""

    def __init__(self, max_entries: int):
        self._kept: OrderedDict[tuple, object] = OrderedDict()
        self._working: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()
        self._max_entries = max_entries

    def __call__(self, key: tuple, work_out: Callable[[], object]):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            working = self._working.setdefault(key, threading.Lock())
        with working:
            with self._lock:
                if key in self._kept:
                    return self._kept[key]
            try:
                result = work_out()
            finally:
                with self._lock:
                    self._working.pop(key, None)
            with self._lock:
                self._kept[key] = result
                while len(self._kept) > self._max_entries:
                    self._kept.popitem(last=False)
            return result

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
