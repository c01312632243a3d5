"""Time in headless Chromium until every chart is drawn, against Streamlit's floor; and 30 sessions at once.

A page is timed from the click on its menu link to the moment the script has
finished and every chart of the page is drawn, within one signed-in session;
the floor app is timed the same way (its menu link to its one chart).
"""

import asyncio
import statistics
import time

from playwright.async_api import async_playwright

from bench.serving import CHROMIUM_ARGS, LOADED, chromium_executable, cpu_seconds, resident_memory_mb, serve
from demo.charts import DEMO_TAB_CHARTS
from demo.simulation import DEMO_PASSWORD
from presentation.page_registry import ANALYSIS_PAGES

# Page address -> (menu text, charts its first tab draws on the demo), for every analysis page of the registry.
APP_PAGES = {url: (page.title, DEMO_TAB_CHARTS[url][page.tabs_or_none[0]]) for url, page in ANALYSIS_PAGES.items()}
# The rest of a page is a click on a tab away: (page, tab, charts it draws), timed from that click.
OTHER_TABS = [(page, tab, DEMO_TAB_CHARTS[page][tab]) for page, tab in (
    ("delmaal", "Mål for mål"), ("resultater", "Afsluttede forløb"), ("medarbejderkombinationer", "Fagligheder sammen"),
    ("trivsel", "Skolefravær for børn"))]
# The default page of a multipage app is served at the root address.
DRAWN = """([path, charts, start]) => (location.pathname.replace(/\\/$/, '').split('/').pop() || start) === path
    && document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']") !== null
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].filter(
        chart => chart.querySelector('.main-svg')).length === charts"""
TIMEOUT_MS = 300_000


async def _open(browser, url: str, context=None):
    """A page at ``url``; in a context of its own unless one is given (tabs of one context share the cache)."""
    own = context is None
    context = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK") if own \
        else context
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(LOADED, timeout=TIMEOUT_MS)
    return (context if own else page), page


START_PAGES = {"app": "overblik", "floor": "start"}


async def _sign_in(page) -> float:
    """Sign in as the demo reader; seconds until the start page's chart is drawn."""
    await page.get_by_label("Brugernavn").fill("styregruppe")
    await page.get_by_label("Adgangskode", exact=True).fill(DEMO_PASSWORD)
    started = time.perf_counter()
    await page.get_by_role("button", name="Log ind").click()
    await page.wait_for_function(DRAWN, arg=["overblik", 1, START_PAGES["app"]], timeout=TIMEOUT_MS)
    return time.perf_counter() - started


async def _go(page, menu: str, path: str, charts: int, app: str = "app") -> float:
    started = time.perf_counter()
    await page.locator(".st-key-menu").get_by_text(menu, exact=True).click()
    await page.wait_for_function(DRAWN, arg=[path, charts, START_PAGES[app]], timeout=TIMEOUT_MS)
    return time.perf_counter() - started


async def _open_tab(page, path: str, tab: str, charts: int) -> float:
    # The charts of the tab before must not count: mark them, and wait for as many unmarked ones.
    await page.evaluate("() => document.querySelectorAll(\"[data-testid='stPlotlyChart']\")"
                        ".forEach(chart => chart.dataset.before = '1')")
    started = time.perf_counter()
    await page.get_by_role("tab", name=tab).click()
    await page.wait_for_function("() => !document.querySelector(\"[data-testid='stPlotlyChart'][data-before]\")",
                                 timeout=TIMEOUT_MS)
    await page.wait_for_function(DRAWN, arg=[path, charts, START_PAGES["app"]], timeout=TIMEOUT_MS)
    return time.perf_counter() - started


async def _page_timings(database_url: str, repeat: int) -> list[dict]:
    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        with serve(database_url, "bench/floor_app.py") as (url, _):
            context, page = await _open(browser, url)
            # Warm up as the app's session is by the sign-in: plotly.js loaded, the script compiled.
            await _go(page, "Graf", "graf", 1, "floor")
            await _go(page, "Start", "start", 0, "floor")
            timings = []
            for _ in range(repeat):
                timings.append(await _go(page, "Graf", "graf", 1, "floor"))
                await _go(page, "Start", "start", 0, "floor")
            await context.close()
        floor = statistics.median(timings)
        results.append({"measure": "browser_floor", "page": "graf", "seconds": round(floor, 3)})
        with serve(database_url) as (url, _):
            context, page = await _open(browser, url + "/overblik")
            await _sign_in(page)
            names = list(APP_PAGES)
            for index, name in enumerate(names):
                menu, charts = APP_PAGES[name]
                timings = []
                for _ in range(repeat):
                    # Come from another page each time, as a reader moving through the menu does.
                    other = names[(index + 1) % len(names)]
                    await _go(page, APP_PAGES[other][0], other, APP_PAGES[other][1])
                    timings.append(await _go(page, menu, name, charts))
                seconds = statistics.median(timings)
                results.append({"measure": "browser_page", "page": name, "seconds": round(seconds, 3),
                                "vs_floor": round(seconds / floor, 2)})
            for name, tab, charts in OTHER_TABS:
                timings = []
                for _ in range(repeat):
                    await _go(page, APP_PAGES["overblik"][0], "overblik", APP_PAGES["overblik"][1])
                    await _go(page, APP_PAGES[name][0], name, APP_PAGES[name][1])  # opens on its first tab
                    timings.append(await _open_tab(page, name, tab, charts))
                seconds = statistics.median(timings)
                results.append({"measure": "browser_tab", "page": f"{name}: {tab}", "seconds": round(seconds, 3),
                                "charts": charts, "vs_floor": round(seconds / floor, 2)})
            await context.close()
        await browser.close()
    return results


def browser_timings(database_url: str, repeat: int = 3) -> list[dict]:
    return asyncio.run(_page_timings(database_url, repeat))


async def _session(browser, url: str, shared=None) -> dict:
    """One reader: open the start page, sign in, then open Resultater; seconds to charts, or the error.

    ``shared``: a browser context whose cache the session's tab shares (each tab is its own app session).
    """
    context = None
    try:
        context, page = await _open(browser, url + "/overblik", shared)
        overview = await _sign_in(page)
        outcomes = await _go(page, "Resultater", "resultater", APP_PAGES["resultater"][1])
        failed = await page.locator("[data-testid='stException']").count()
        return {"overblik": overview, "resultater": outcomes, "error": "exception on page" if failed else None}
    except Exception as error:  # a time-out or a lost connection counts as an error of the run
        return {"error": type(error).__name__}
    finally:
        if context is not None:
            await context.close()  # a tab when the context is shared


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _load(database_url: str, sessions: int, waves: int) -> list[dict]:
    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        # The readers' tabs share one browser cache, as 30 returning users' browsers would have theirs;
        # still, all 30 tabs draw their charts on the same 2 cores as the server.
        shared = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
        with serve(database_url) as (url, server):
            await _session(browser, url, shared)  # the first reader after a start loads the data; not counted
            cpu = cpu_seconds(server.pid)
            single = await _session(browser, url, shared)
            if single["error"]:
                raise RuntimeError(f"a single session failed: {single['error']}")
            results.append({"measure": "load_single", "overblik": round(single["overblik"], 3),
                            "resultater": round(single["resultater"], 3),
                            "server_cpu_s": round(cpu_seconds(server.pid) - cpu, 2),
                            "memory_mb": round(resident_memory_mb(server.pid))})
            for wave in range(1, waves + 1):
                cpu = cpu_seconds(server.pid)
                runs = await asyncio.gather(*(_session(browser, url, shared) for _ in range(sessions)))
                done = [run for run in runs if not run["error"]]
                row = {"measure": "load_concurrent", "wave": wave, "sessions": sessions,
                       "errors": sessions - len(done),
                       "error_kinds": sorted({run["error"] for run in runs if run["error"]}),
                       "server_cpu_s_per_session": round((cpu_seconds(server.pid) - cpu) / sessions, 2),
                       "memory_mb": round(resident_memory_mb(server.pid))}
                for name in ("overblik", "resultater"):
                    times = [run[name] for run in done]
                    if times:
                        row[f"{name}_p50"] = round(_percentile(times, 0.5), 3)
                        row[f"{name}_p95"] = round(_percentile(times, 0.95), 3)
                        row[f"{name}_p95_vs_single"] = round(_percentile(times, 0.95) / single[name], 2)
                results.append(row)
        await browser.close()
    return results


def load_timings(database_url: str, sessions: int = 30, waves: int = 3) -> list[dict]:
    """``waves`` rounds of ``sessions`` readers at once; server memory after each round shows whether it levels off."""
    return asyncio.run(_load(database_url, sessions, waves))
