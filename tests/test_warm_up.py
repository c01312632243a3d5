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


def test_a_new_releases_warm_up_waits_for_the_running_one_and_then_walks_by_its_own_code(engine):
    walks, failures = [], []
    old_started, let_old_finish = threading.Event(), threading.Event()

    def old_release_walk():
        old_started.set()
        let_old_finish.wait(30)
        walks.append("old release")
        return {"release": "old"}

    def run(**options):
        try:
            return warm_up_once(engine, **options)
        except Exception as failure:
            failures.append(failure)

    running = threading.Thread(target=run, kwargs={"walk": old_release_walk})
    running.start()
    assert old_started.wait(30)
    deployed = []
    deploy = threading.Thread(target=lambda: deployed.append(run(
        walk=lambda: walks.append("new release") or {"release": "new"}, wait=True)))
    deploy.start()
    time.sleep(0.3)
    assert walks == [], "the deploy step waits; it never walks beside the running warm-up"
    let_old_finish.set()
    running.join(30)
    deploy.join(30)
    assert not failures
    # The running warm-up may take the deploy's request for one more pass by the old code: the deploy walks anyway.
    assert walks[-1] == "new release" and deployed == [{"release": "new"}]
    assert not warm_up_requested(engine)
