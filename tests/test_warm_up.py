"""One warm-up per database at a time: a request while one runs is left to it, never a second walk beside it."""

import threading
import time

from data_access.warm_up import warm_up_lock, warm_up_once, warm_up_requested


def test_a_warm_up_asked_for_while_another_runs_is_left_to_it(engine):
    walks = []
    with warm_up_lock(engine) as held:
        assert held
        with warm_up_lock(engine) as second:
            assert not second, "one holder at a time, also within one process"
        assert warm_up_once(engine, lambda: walks.append(1) or {"views": []}) is None
        assert walks == [] and warm_up_requested(engine)
    # The holder's next pass (here: the next call) takes the request that was left.
    assert warm_up_once(engine, lambda: walks.append(1) or {"views": []}) == {"views": []}
    assert walks == [1] and not warm_up_requested(engine)


def test_three_warm_ups_at_once_walk_at_most_twice_side_by_side_never(engine):
    running, most_at_once, walks = [0], [0], []
    lock = threading.Lock()

    def walk():
        with lock:
            running[0] += 1
            most_at_once[0] = max(most_at_once[0], running[0])
        time.sleep(0.5)
        with lock:
            running[0] -= 1
        walks.append(1)
        return {}

    failures = []

    def warm_up():
        try:
            warm_up_once(engine, walk)
        except Exception as failure:  # a thread's exception would otherwise pass unseen
            failures.append(failure)

    threads = [threading.Thread(target=warm_up) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures
    assert most_at_once[0] == 1
    assert 1 <= len(walks) <= 2, "the first walk, and at most one more for the requests made during it"
    assert not warm_up_requested(engine), "no request is left behind"
