"""`policykb serve` in a real browser: Debian's chromium, headless, driven by Selenium through the
system's chromedriver. The first screen appears, a question typed gets its cited answer, a checklist
export arrives as a download, and a screenshot is kept (POLICYKB_ARTEFACTS, else the test's folder).
Where chromium, chromedriver or selenium cannot be had, the test is skipped saying which."""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_home
from test_serve import start_serve, stop_serve

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _browser(downloads: Path) -> Any:
    if BROWSER is None or DRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=zh-CN", "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def _received(driver: Any) -> str:
    """What the page's websocket has received since last asked (the screen's bytes), as text."""
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.webSocketFrameReceived":
            continue
        frame = message["params"]["response"]
        data = frame.get("payloadData", "")
        if frame.get("opcode") == 2:
            data = base64.b64decode(data).decode("utf-8", "replace")
        out.append(data)
    return "".join(out)


def _wait(test: Any, seconds: float, what: str) -> Any:
    deadline = time.time() + seconds
    while time.time() < deadline:
        got = test()
        if got:
            return got
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


def test_the_app_in_a_browser_answers_and_delivers_a_checklist(bundled_built: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = _browser(downloads)
    home = copy_home(bundled_built, tmp_path)
    proc, port = start_serve(home, "--max-sessions", "2")
    artefacts = Path(os.environ.get("POLICYKB_ARTEFACTS") or tmp_path)
    artefacts.mkdir(parents=True, exist_ok=True)
    try:
        started = time.time()
        driver.get(f"http://127.0.0.1:{port}/")
        assert driver.title == "policykb 政策文件库"
        _wait(lambda: "-first-byte" in (driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""),
              60, "the first screen")
        seen = _wait(lambda: (t := _received(driver)) and "我的学校" in t and t, 60, "the question box")
        first = time.time() - started
        assert seen
        keys = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        keys.send_keys("班主任工作量如何计算")
        keys.send_keys(Keys.ENTER)
        screen = []

        def answered() -> bool:
            screen.append(_received(driver))
            return "二分之一" in "".join(screen)

        _wait(answered, 60, "the answer")
        time.sleep(1)
        driver.save_screenshot(str(artefacts / "serve-answer.png"))
        keys.send_keys(Keys.CONTROL, "o")  # the first citation's source view: the document, its outline key
        _wait(lambda: "大纲" in _received(driver), 60, "the source view")
        time.sleep(1)
        driver.save_screenshot(str(artefacts / "serve-source.png"))
        keys.send_keys(Keys.ESCAPE)
        time.sleep(1)
        # a law with two versions: its source view offers 对照, the changed clauses side by side
        _received(driver)
        keys.send_keys("学校应当建立学生欺凌防控工作制度吗")
        keys.send_keys(Keys.ENTER)
        _wait(lambda: "教职员工" in _received(driver), 60, "the second answer")
        time.sleep(1)
        keys.send_keys(Keys.CONTROL, "o")
        _wait(lambda: "对照" in _received(driver), 60, "the source view of a law with versions")
        time.sleep(1)
        keys.send_keys("d")
        _wait(lambda: "新旧对照" in _received(driver), 60, "对照")
        time.sleep(1)
        driver.save_screenshot(str(artefacts / "serve-compare.png"))
        keys.send_keys(Keys.ESCAPE)
        time.sleep(0.5)
        keys.send_keys(Keys.ESCAPE)
        time.sleep(1)
        keys.send_keys(Keys.F5)
        _wait(lambda: "个类别" in _received(driver), 120, "the checklist built")  # its summary line, not the tab's name
        time.sleep(1)
        keys.send_keys(Keys.CONTROL, "e")
        got = _wait(lambda: [p for p in downloads.iterdir() if p.suffix == ".xlsx"], 120, "the download")
        assert got[0].read_bytes()[:2] == b"PK" and "自查表" in got[0].name
        driver.save_screenshot(str(artefacts / "serve-checklist.png"))
        assert first < 60
    finally:
        driver.quit()
        log = stop_serve(proc)
    assert "Traceback" not in log, log
    assert not list(home.glob("*.xlsx")) and not (home / "history.jsonl").exists()
