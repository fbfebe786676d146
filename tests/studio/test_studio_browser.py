"""The studio driven by a real browser (Debian's Chromium, headless, through Selenium and
Debian's chromedriver: nothing downloaded): the whole journey with the mouse, the same
journey with the keyboard alone, and an accessibility audit of every page with axe-core.

One browser and one live server (pytest-django's, on this run's database) serve the whole
session. Every wait is on a condition in the page, never on the clock.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import PASSWORD, REPO, many_flows
from django.conf import settings
from PIL import Image, ImageDraw
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from kiosk.flows.loader import load_flows

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WAIT_S = 60  # an upper bound for a busy machine; every wait ends as soon as its condition holds
MAGENTA = (230, 0, 160)
"""The screenshot's header: about 0.8 % of the kiosk's 1280 x 800 screen shows it."""
FLOW_ID = "prendre-rendez-vous-a-la-caf"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Chromium manque : make test installe les paquets Debian chromium et "
                    "chromium-driver.")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--disable-gpu", "--window-size=1280,1000",
                     "--lang=fr-FR", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(argument)
    if os.getuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root otherwise
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(WAIT_S)
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session", autouse=True)
def close_previews():  # type: ignore[no-untyped-def]
    yield
    from kiosk.studio.preview import shared

    shared(settings.ASSETS_DIR, settings.PREVIEW_DIR).close()


def wait(browser, condition, timeout: float = WAIT_S):  # type: ignore[no-untyped-def]
    return WebDriverWait(browser, timeout).until(condition)


def heading(browser, text: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for the page whose heading says ``text``. While the browser goes from one page to
    the next, the old heading can vanish between being found and being read: Chromium then
    answers « Node with given id does not belong to the document » (not a stale element for
    Selenium), and the wait tries again."""
    WebDriverWait(browser, WAIT_S, ignored_exceptions=(WebDriverException,)).until(
        ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), text))


def sign_in(browser, live_server, name: str) -> None:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/connexion/")
    browser.find_element(By.ID, "id_username").send_keys(name)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD, Keys.ENTER)
    heading(browser, "Mes parcours")


def click(browser, element) -> None:  # type: ignore[no-untyped-def]
    """A real mouse click at the element's centre, scrolled into view first."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(browser).move_to_element(element).click().perform()


def button(browser, text: str):  # type: ignore[no-untyped-def]
    return browser.find_element(By.XPATH, f"//button[normalize-space()=\"{text}\"]")


def radio_label(browser, name: str, value: str):  # type: ignore[no-untyped-def]
    radio = browser.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
    return browser.find_element(By.CSS_SELECTOR, f'label[for="{radio.get_attribute("id")}"]')


def website_screenshot(folder: Path) -> Path:
    """A screenshot of a made-up website: a magenta header the kiosk's picture must show, a
    form, and a « name » to blur."""
    image = Image.new("RGB", (1000, 600), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1000, 140), fill=MAGENTA)
    draw.rectangle((300, 300, 700, 360), outline=(0, 0, 0), width=3)
    draw.text((320, 320), "Jean DUPONT", fill=(0, 0, 0))
    path = folder / "capture-caf.png"
    image.save(path)
    return path


def preview_png(browser) -> bytes:  # type: ignore[no-untyped-def]
    """The preview picture shown in the step page, once loaded, fetched with the browser's
    session cookie."""
    wait(browser, lambda b: b.execute_script(
        "const i = document.querySelector('#apercu img'); return i && i.complete && "
        "i.naturalWidth > 0"))
    source = browser.find_element(By.CSS_SELECTOR, "#apercu img").get_attribute("src")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(source, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:  # noqa: S310 - our server
        return response.read()


def magenta_share(png: bytes) -> float:
    picture = Image.open(io.BytesIO(png)).convert("RGB").resize((320, 200))
    raw = picture.tobytes()
    pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    near = [p for p in pixels if abs(p[0] - MAGENTA[0]) < 40 and p[1] < 60
            and abs(p[2] - MAGENTA[2]) < 40]
    return len(near) / len(pixels)


def check_the_kiosk_shows_it(flows_folder: Path, out: Path) -> None:
    """The published file, read by the kiosk's loader, then drawn by ``kiosk preview``
    (the kiosk's own app, offscreen): the new flow on the home screen, and its step with the
    screenshot."""
    loaded = load_flows(flows_folder, settings.ASSETS_DIR)
    assert FLOW_ID in loaded.flows and not loaded.errors, loaded.errors
    flow = loaded.flows[FLOW_ID]
    question = flow.step("etape-3")
    assert {a.goto for a in question.answers} == {"fin", "etape-4"}
    picture_step = flow.step("etape-4")
    assert picture_step.picture.startswith("captures/") and picture_step.mark is not None
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "preview", FLOW_ID, "--out", str(out),
         "--config", os.environ["KIOSK_CONFIG"]], capture_output=True, text=True,
        timeout=300, check=False, cwd=REPO,
        env=dict(os.environ, SDL_AUDIODRIVER="dummy", KIVY_NO_ARGS="1"))
    assert result.returncode == 0, result.stderr[-3000:]
    shots = {Path(line).stem.split("-", 1)[1]: Path(line) for line in result.stdout.split()}
    assert list(shots) == ["accueil", "debut", "etape-3", "etape-4", "fin"], shots
    step_shot = shots["etape-4"]
    assert magenta_share(step_shot.read_bytes()) > 0.004  # the screenshot is on the screen


def test_the_whole_journey_with_the_mouse(browser, live_server, people, flows_folder, tmp_path):  # type: ignore[no-untyped-def]
    sign_in(browser, live_server, "alice")
    click(browser, browser.find_element(By.LINK_TEXT, "Nouveau parcours"))
    heading(browser, "Nouveau parcours")
    browser.find_element(By.ID, "id_title").send_keys("Prendre rendez-vous à la CAF")
    click(browser, button(browser, "Créer le parcours"))
    heading(browser, "Prendre rendez-vous à la CAF")
    flow_page = browser.current_url

    # a question, then the step it branches to
    for kind, step_id in (("question", "etape-3"), ("information", "etape-4")):
        browser.get(flow_page)
        click(browser, radio_label(browser, "kind", kind))
        click(browser, button(browser, "Ajouter l'étape à la fin"))
        heading(browser, f"Étape « {step_id} »")

    # the new step names a picture that does not exist: the error is shown at its field
    browser.find_element(By.ID, "id_titre__fr").clear()
    browser.find_element(By.ID, "id_titre__fr").send_keys("Créez votre compte")
    browser.find_element(By.ID, "id_image").send_keys("images/capture-du-site.png")
    click(browser, button(browser, "Enregistrer l'étape"))
    error = wait(browser, ec.visibility_of_element_located((By.ID, "id_image-desc-error")))
    assert "« images/capture-du-site.png » : ce fichier n'existe pas" in error.text
    group = browser.find_element(By.ID, "id_image").find_element(
        By.XPATH, "./ancestor::div[contains(@class, 'fr-input-group')][1]")
    assert group.find_element(By.ID, "id_image-desc-error") == error  # beside its field
    wait(browser, lambda b: b.switch_to.active_element.get_attribute("id") == "id_image")

    # the question branches: « Oui » to the end, « Non » to the new step
    browser.get(f"{flow_page}etapes/etape-3/")
    heading(browser, "Étape « etape-3 »")
    title = browser.find_element(By.ID, "id_titre__fr")
    title.clear()
    title.send_keys("Avez-vous un compte sur le site de la CAF ?")
    for number, text, target in ((1, "Oui", "fin"), (2, "Non", "etape-4")):
        field = browser.find_element(By.ID, f"id_reponse_{number}_texte__fr")
        field.clear()
        field.send_keys(text)
        Select(browser.find_element(By.ID, f"id_reponse_{number}_aller_a")).select_by_value(
            target)
    click(browser, button(browser, "Enregistrer l'étape"))
    wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[role=status]"),
                                                   "Étape enregistrée"))
    browser.get(flow_page)
    assert "1 erreur(s)" in browser.find_element(By.TAG_NAME, "main").text
    assert not button(browser, "Publier sur la borne").is_enabled()

    # the fix: a screenshot of the real website, where to tap drawn on it, a name blurred
    browser.get(f"{flow_page}etapes/etape-4/")
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Envoyer une capture d'écran"))
    heading(browser, "Image de l'étape « etape-4 »")
    browser.find_element(By.ID, "id_fichier").send_keys(str(website_screenshot(tmp_path)))
    image = browser.find_element(By.ID, "capture-image")
    wait(browser, lambda b: b.execute_script(
        "const i = arguments[0]; return !i.hidden && i.complete && i.naturalWidth === 1000",
        image))
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", image)
    width, height = image.size["width"], image.size["height"]

    def drag(left: float, top: float, right: float, bottom: float) -> None:
        """Press at (left, top) and release at (right, bottom), fractions of the picture."""
        ActionChains(browser).move_to_element_with_offset(
            image, int((left - 0.5) * width), int((top - 0.5) * height)).click_and_hold() \
            .move_by_offset(int((right - left) * width / 2), int((bottom - top) * height / 2)) \
            .move_by_offset(int((right - left) * width / 2), int((bottom - top) * height / 2)) \
            .release().perform()

    drag(0.30, 0.50, 0.70, 0.60)  # the form's field: where to tap
    marked = browser.find_element(By.ID, "dessin-repere")
    assert marked.is_displayed()
    values = [float(browser.find_element(By.ID, f"id_repere_{k}").get_attribute("value"))
              for k in ("x", "y", "largeur", "hauteur")]
    assert [round(v) for v in values] == [30, 50, 40, 10], values
    assert Select(browser.find_element(By.ID, "id_repere_forme")) \
        .first_selected_option.get_attribute("value") == "rectangle"
    click(browser, radio_label(browser, "outil", "flou"))
    drag(0.31, 0.52, 0.52, 0.59)  # the name: blurred
    assert browser.find_element(By.ID, "id_flou").get_attribute("value").count(",") == 3
    assert browser.find_elements(By.CSS_SELECTOR, ".studio-capture__flou")
    click(browser, button(browser, "Enregistrer l'image"))
    wait(browser, ec.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                   "Image enregistrée. 1 zone(s) floutée(s)"))
    assert not browser.find_elements(By.ID, "id_image-desc-error")
    assert browser.find_element(By.ID, "id_image").get_attribute("value").startswith(
        "captures/")

    # the preview: the kiosk's own drawing of the step, with the screenshot in it
    png = preview_png(browser)
    assert Image.open(io.BytesIO(png)).size == (1280, 800)
    assert magenta_share(png) > 0.004

    # publish, then the kiosk shows it
    browser.get(flow_page)
    assert "Aucune erreur" in browser.find_element(By.TAG_NAME, "main").text
    click(browser, button(browser, "Publier sur la borne"))
    wait(browser, ec.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                   "Publié sur la borne"))
    check_the_kiosk_shows_it(flows_folder, tmp_path / "borne")


# -- the keyboard alone ------------------------------------------------------------------

def press(browser, *keys: str) -> None:  # type: ignore[no-untyped-def]
    ActionChains(browser).send_keys(*keys).perform()


def tab_to(browser, element, limit: int = 150) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until ``element`` has the focus (it fails when it never gets it)."""
    for _ in range(limit):
        if browser.switch_to.active_element == element:
            return
        press(browser, Keys.TAB)
    raise AssertionError(f"Tab n'atteint jamais {element.get_attribute('outerHTML')[:200]}")


def tab_and_type(browser, css: str, text: str, *, clear: bool = True) -> None:  # type: ignore[no-untyped-def]
    tab_to(browser, browser.find_element(By.CSS_SELECTOR, css))
    if clear:
        press(browser, Keys.CONTROL, "a")
        press(browser, Keys.BACKSPACE)
    press(browser, text)


def arrows_to(browser, css: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a select with Tab, then move its choice with the arrow keys."""
    element = browser.find_element(By.CSS_SELECTOR, css)
    tab_to(browser, element)
    for key in (Keys.ARROW_DOWN, Keys.ARROW_UP):  # down to the last choice, then up
        for _ in range(40):
            before = element.get_attribute("value")
            if before == value:
                return
            press(browser, key)
            if element.get_attribute("value") == before:
                break
    raise AssertionError(f"{css} : les flèches n'atteignent pas « {value} »")


def from_the_top(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` (typed in the address bar) and start tabbing from the top."""
    browser.get(url)
    browser.execute_script("document.activeElement && document.activeElement.blur()")


def test_the_same_journey_with_the_keyboard_alone(browser, live_server, people, flows_folder,  # type: ignore[no-untyped-def]
                                                  tmp_path):
    browser.delete_all_cookies()
    from_the_top(browser, f"{live_server.url}/connexion/")
    tab_and_type(browser, "#id_username", "alice")
    tab_and_type(browser, "#id_password", PASSWORD)
    press(browser, Keys.ENTER)
    heading(browser, "Mes parcours")
    tab_to(browser, browser.find_element(By.LINK_TEXT, "Nouveau parcours"))
    press(browser, Keys.ENTER)
    heading(browser, "Nouveau parcours")
    tab_and_type(browser, "#id_title", "Prendre rendez-vous à la CAF")
    press(browser, Keys.ENTER)
    heading(browser, "Prendre rendez-vous à la CAF")
    flow_page = browser.current_url

    for arrows, step_id in ((1, "etape-3"), (0, "etape-4")):
        from_the_top(browser, flow_page)
        first = browser.find_element(By.CSS_SELECTOR, 'input[name="kind"]')
        tab_to(browser, first)
        press(browser, Keys.SPACE, *[Keys.ARROW_DOWN] * arrows)
        tab_to(browser, button(browser, "Ajouter l'étape à la fin"))
        press(browser, Keys.ENTER)
        heading(browser, f"Étape « {step_id} »")

    from_the_top(browser, f"{flow_page}etapes/etape-3/")
    tab_and_type(browser, "#id_titre__fr", "Avez-vous un compte sur le site de la CAF ?")
    for number, text, target in ((1, "Oui", "fin"), (2, "Non", "etape-4")):
        tab_and_type(browser, f"#id_reponse_{number}_texte__fr", text)
        arrows_to(browser, f"#id_reponse_{number}_aller_a", target)
    tab_to(browser, button(browser, "Enregistrer l'étape"))
    press(browser, Keys.ENTER)
    status = wait(browser, ec.visibility_of_element_located((By.CSS_SELECTOR, "[role=status]")))
    wait(browser, lambda b: b.switch_to.active_element == status)  # not lost by the swap

    # an error, read at its field where the focus lands, then fixed with a screenshot
    from_the_top(browser, f"{flow_page}etapes/etape-4/")
    tab_and_type(browser, "#id_image", "images/capture-du-site.png")
    press(browser, Keys.ENTER)
    error = wait(browser, ec.visibility_of_element_located((By.ID, "id_image-desc-error")))
    assert "ce fichier n'existe pas" in error.text
    wait(browser, lambda b: b.switch_to.active_element.get_attribute("id") == "id_image")
    assert "id_image-desc-error" in (browser.switch_to.active_element.get_attribute(
        "aria-describedby") or "")
    tab_to(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Envoyer une capture d'écran"))
    press(browser, Keys.ENTER)
    heading(browser, "Image de l'étape « etape-4 »")
    file_input = browser.find_element(By.ID, "id_fichier")
    tab_to(browser, file_input)
    file_input.send_keys(str(website_screenshot(tmp_path)))  # what the file dialog types
    arrows_to(browser, "#id_repere_forme", "cercle")
    for key, value in (("x", "30"), ("y", "50"), ("largeur", "40"), ("hauteur", "10")):
        tab_and_type(browser, f"#id_repere_{key}", value)
    assert browser.find_element(By.ID, "dessin-repere").is_displayed()  # drawn from numbers
    tab_and_type(browser, "#id_flou", "31, 52, 21, 7")
    press(browser, Keys.ENTER)
    wait(browser, ec.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                   "Image enregistrée. 1 zone(s) floutée(s)"))
    assert magenta_share(preview_png(browser)) > 0.004

    from_the_top(browser, flow_page)
    tab_to(browser, button(browser, "Publier sur la borne"))
    press(browser, Keys.ENTER)
    wait(browser, ec.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                   "Publié sur la borne"))
    loaded = load_flows(flows_folder, settings.ASSETS_DIR)
    assert FLOW_ID in loaded.flows and not loaded.errors
    assert loaded.flows[FLOW_ID].step("etape-4").mark.shape.value == "cercle"


# -- accessibility -----------------------------------------------------------------------

def axe_source() -> str:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "tests/studio/vendor/axe.min.js"
    return data.decode("utf-8")


def audit(browser, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical findings on the page shown now."""
    browser.execute_script(source)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then("
        "  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        "    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))),"
        "  e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    for v in found:
        if v["impact"] not in ("serious", "critical"):
            print(f"axe ({browser.current_url}) {v['impact']} {v['id']}: {v['help']}")
    return [f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in found
            if v["impact"] in ("serious", "critical")]


def studio_pages(pk: int, other: int) -> list[str]:
    return ["/", "/?page=2", "/nouveau/", "/importer/", "/bibliotheque/", "/pictogrammes/",
            "/pictogrammes/?q=fleche", "/comptes/", "/lieux/", f"/parcours/{pk}/",
            f"/parcours/{pk}/fichier/", f"/parcours/{pk}/versions/",
            f"/parcours/{pk}/versions/?a=1&b=2", f"/parcours/{pk}/carte/",
            f"/parcours/{pk}/etapes/adresse/", f"/parcours/{pk}/etapes/essai-adresse/",
            f"/parcours/{pk}/etapes/messagerie/", f"/parcours/{pk}/etapes/preparer/",
            f"/parcours/{pk}/etapes/vrai-faux/", f"/parcours/{pk}/etapes/bravo/",
            f"/parcours/{pk}/etapes/bienvenue/image/", f"/parcours/{other}/"]


def test_every_page_passes_an_accessibility_audit(browser, live_server, people, flow):  # type: ignore[no-untyped-def]
    from kiosk.studio.editor import services

    # a second version with a validator error, so that errors at their field are audited
    services.save(flow, flow.latest().text.replace("https://", "http://", 1), people["chef"])
    other = services.create(people["bruno"].place, "autre", flow.latest().text,
                            people["bruno"], note="test")
    many_flows(people["chef"].place, people["chef"], 60)  # the list gets its pages
    source = axe_source()
    found: dict[str, list[str]] = {}
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/connexion/")
    found["/connexion/"] = audit(browser, source)
    browser.find_element(By.ID, "id_username").send_keys("chef")
    browser.find_element(By.ID, "id_password").send_keys("faux mot de passe", Keys.ENTER)
    wait(browser, ec.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                   "mot de passe incorrect"))
    found["/connexion/ (mot de passe faux)"] = audit(browser, source)
    sign_in(browser, live_server, "chef")
    for url in studio_pages(flow.pk, other.pk):
        browser.get(live_server.url + url)
        wait(browser, ec.presence_of_element_located((By.TAG_NAME, "h1")))
        found[url] = audit(browser, source)
    browser.get(f"{live_server.url}/parcours/{flow.pk}/etapes/bienvenue/image/")
    browser.find_element(By.ID, "id_flou").send_keys("1, 2, 3", Keys.ENTER)
    wait(browser, ec.visibility_of_element_located((By.ID, "id_flou-desc-error")))
    found["image (zone fausse)"] = audit(browser, source)
    browser.get(f"{live_server.url}/nouveau/")  # a form sent without its CSRF token
    browser.execute_script("document.querySelector('main [name=csrfmiddlewaretoken]').remove();"
                           "document.querySelector('#id_title').value = 'x';"
                           "document.querySelector('main form').submit()")
    heading(browser, "Formulaire refusé")
    found["csrf"] = audit(browser, source)
    sign_in(browser, live_server, "bruno")
    browser.get(f"{live_server.url}/parcours/{flow.pk}/")  # another place's flow: refused
    heading(browser, "Accès refusé")
    found["403"] = audit(browser, source)
    browser.delete_all_cookies()
    for _ in range(6):  # too many wrong passwords: the account is locked for a while
        browser.get(f"{live_server.url}/connexion/")
        sent_from = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.ID, "id_username").send_keys("alice")
        browser.find_element(By.ID, "id_password").send_keys("faux", Keys.ENTER)
        # The answer's page, not the form's page still there (its h1 would go stale).
        wait(browser, ec.staleness_of(sent_from))
        wait(browser, ec.presence_of_element_located((By.TAG_NAME, "h1")))
        if "Trop d'essais" in browser.find_element(By.TAG_NAME, "h1").text:
            break
    heading(browser, "Trop d'essais")
    found["verrouillé"] = audit(browser, source)
    # the audit can fail: a picture without a text alternative and a nameless button
    browser.execute_script(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=\"/fichiers/pictos/email.png\"><button></button>')")
    assert {issue.split()[1].rstrip(":") for issue in audit(browser, source)} >= {"image-alt",
                                                                      "button-name"}
    problems = {url: issues for url, issues in found.items() if issues}
    assert not problems, "\n".join(f"{url}: {issue}" for url, issues in problems.items()
                                   for issue in issues)
    assert len(found) == len(studio_pages(0, 0)) + 6


def test_the_browser_is_debians_chromium(browser):  # type: ignore[no-untyped-def]
    """Debian's packages, not a browser or a driver downloaded at run time."""
    version = browser.capabilities["browserVersion"].split(".")[0]
    assert browser.capabilities["chrome"]["chromedriverVersion"].split(".")[0] == version
    for path in (CHROMIUM, CHROMEDRIVER):
        owner = subprocess.run(["dpkg", "-S", str(path.resolve())], capture_output=True,
                               text=True, check=False)
        assert owner.returncode == 0 and owner.stdout.startswith("chromium"), owner
