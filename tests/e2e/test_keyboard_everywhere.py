"""Keyboard only, everywhere: on every page the demo practitioner sees, and on the signed-out Welcome page, Tab
alone reaches every visible control in the main area.

Each page is checked as it opens, again with its expanders open, and, where a step shows more (a reflection being
written, an entry being edited, the downloads, a peer group's tabs), after that step too. For each, the test marks
every visible, enabled control in `main` (and anything that shows a pointer cursor without being one), presses Tab
from the top of the page, and records with a `focusin` listener in the page which marked control took the focus.
Every control no Tab press reached is collected with the page it is on, and the test fails once, at the end, with
the full list. A self-check on the Welcome page proves the detector can fail: a button taken out of the Tab order
with tabindex=-1 and a clickable <div> must be reported, and an ordinary button beside them must not.
"""

from __future__ import annotations

from collections.abc import Callable

from e2e_support import Harbour
from playwright.sync_api import Page, expect

# What a person can operate. Elements taken out of the Tab order (tabindex=-1) are still listed when they are
# natively interactive (a button, an input...) or have an interactive role: those are what this test is about.
_ROLES = ("button", "link", "radio", "checkbox", "switch", "tab", "combobox", "slider", "spinbutton", "textbox")
_CONTROLS = ", ".join(
    (
        "button",
        "input:not([type=hidden])",
        "textarea",
        "select",
        "a[href]",
        "summary",
        "[contenteditable]:not([contenteditable=false])",
        *(f"[role={role}]" for role in _ROLES),
        '[data-testid="data-grid-canvas"]',  # st.dataframe's grid: a canvas that takes the focus for its cells
        '[tabindex]:not([tabindex="-1"])',
    )
)
# A roving-tabindex group is one stop in the Tab order: Tab reaches the chosen (or first) member, arrow keys the
# others (the WAI-ARIA radio group and tabs patterns). So the group counts as one control.
_ROVING = '[role="radiogroup"], [role="tablist"]'
_ROVING_MEMBER = 'input[type="radio"], [role="radio"], [role="tab"]'
# Streamlit widgets whose box is the Tab stop and whose helper buttons Streamlit makes tabindex=-1 on purpose,
# because the focused box does their job from the keyboard (checked by hand in Chromium): a select's or
# multiselect's "Open" chevron (ArrowDown, Space or typing opens the list) and a number input's -/+ buttons
# (ArrowDown/ArrowUp). Only the tabindex=-1 parts are folded into their widget, which counts as reached when the
# focus lands anywhere in it; every part that is in the Tab order is still checked on its own.
_COMPOSITE = ", ".join(f'[data-testid="{testid}"]' for testid in ("stSelectbox", "stMultiSelect", "stNumberInput"))

# Marks the controls not marked yet (data-kb="<n>"; a group's members also data-kb-group="<its id>") and returns how
# many it marked. `fresh` forgets the previous page's marks and what took the focus; without it, it adds controls
# that appeared since (a chart draws its toolbar once it is scrolled into view, which the Tab walk itself does).
# A focusin listener records every marked control, and every group, that the focus lands in.
_MARK_JS = f"""(fresh) => {{
  const main = document.querySelector('main');
  if (fresh) {{
    for (const e of document.querySelectorAll('[data-kb], [data-kb-gid]')) {{
      for (const a of ['data-kb', 'data-kb-gid', 'data-kb-group', 'data-kb-pointer']) e.removeAttribute(a);
    }}
    window.__kbNext = 0;
    window.__kbSeen = new Set();
  }}
  // Visible: a box with an area, not visibility:hidden, rendered (offsetParent, or position:fixed), not inside a
  // closed <details> (a collapsed st.expander keeps its content in the DOM, laid out but not rendered, and none
  // of it can take the focus), and not inside something aria-hidden or inert (so not a date input's hidden native
  // <input type=date>, kept behind its day/month/year boxes for the browser). Opacity is deliberately ignored:
  // a heading's "link to heading" anchor is transparent until focused, and still a Tab stop to check.
  const shown = e => {{
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (!e.checkVisibility({{visibilityProperty: true, contentVisibilityAuto: true}})) return false;
    if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed' && !(e instanceof SVGElement))
      return false;
    const closed = e.closest('details:not([open])');
    if (closed && e.closest('summary') !== closed.querySelector(':scope > summary')) return false;
    return !e.closest('[aria-hidden="true"], [inert]');
  }};
  let marked = 0;
  const mark = (e, group) => {{
    e.setAttribute('data-kb', String(window.__kbNext++));
    marked++;
    if (group) {{
      if (!group.hasAttribute('data-kb-gid')) group.setAttribute('data-kb-gid', 'g' + window.__kbNext++);
      e.setAttribute('data-kb-group', group.getAttribute('data-kb-gid'));
    }}
  }};
  for (const e of main.querySelectorAll('{_CONTROLS}')) {{
    if (e.hasAttribute('data-kb') || e.matches(':disabled') || !shown(e)) continue;
    let group = e.matches('{_ROVING_MEMBER}') ? e.closest('{_ROVING}') : null;
    if (!group && e.tabIndex < 0) group = e.closest('{_COMPOSITE}');
    mark(e, group);
  }}
  // Whatever shows the mouse a pointer but is no control, holds none and isn't a label for one, a clickable <div>
  // say, is a control only a mouse can use: marked too (its outermost element), it is reported unless Tab reaches it.
  const pointer = e => e && getComputedStyle(e).cursor === 'pointer';
  for (const e of main.querySelectorAll('*')) {{
    if (e.hasAttribute('data-kb') || !pointer(e) || pointer(e.parentElement) || !shown(e)) continue;
    if (e.closest('[data-kb]') || e.querySelector('[data-kb]') || e.control?.hasAttribute('data-kb')) continue;
    e.setAttribute('data-kb-pointer', '');
    mark(e, null);
  }}
  if (!window.__kbListening) {{
    window.__kbListening = true;
    document.addEventListener('focusin', event => {{
      const target = event.composedPath()[0];
      if (!(target instanceof Element)) return;
      const mark = target.closest('[data-kb]');
      if (mark) window.__kbSeen.add(mark.getAttribute('data-kb'));
      for (let at = target; at; at = at.parentElement)
        if (at.hasAttribute('data-kb-gid')) window.__kbSeen.add(at.getAttribute('data-kb-gid'));
    }}, true);
  }}
  return marked;
}}"""

_UNREACHED_JS = (
    """() => {
  const name = e => {
    const labelled = (e.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
      .map(id => document.getElementById(id)?.innerText || '').join(' ');
    const text = e.getAttribute('aria-label') || labelled || (e.labels && e.labels[0]?.innerText)
      || e.innerText || e.getAttribute('title') || e.getAttribute('placeholder') || '';
    const lines = text.trim().split('\\n').map(s => s.trim()).filter(Boolean);
    return (lines[lines.length - 1] || '').slice(0, 70);  // an icon's name comes before a button's label
  };
  const groupName = group => group.getAttribute('aria-label') || [...group.querySelectorAll('[data-kb]')]
    .map(member => name(member)).join(' / ');  // a radio group has its question; a tab list, its tabs' names
  const describe = e => {
    const role = e.getAttribute('role');
    const type = e.getAttribute('type');
    const testid = e.closest('[data-testid]')?.getAttribute('data-testid') || '';
    const what = e.tagName.toLowerCase() + (type ? `[type=${type}]` : '') + (role ? `[role=${role}]` : '');
    const kind = e.hasAttribute('data-kb-pointer') ? ' (looks clickable: pointer cursor)' : '';
    return `${what} "${name(e)}"${kind} tabindex=${e.getAttribute('tabindex') ?? '(none)'} in ${testid}`;
  };
  const seen = window.__kbSeen;
  const missed = new Map();
  for (const e of document.querySelectorAll('[data-kb]')) {
    const group = e.getAttribute('data-kb-group');
    if (seen.has(e.getAttribute('data-kb')) || (group && seen.has(group))) continue;
    const key = group || e.getAttribute('data-kb');
    if (!missed.has(key)) {
      const holder = group ? document.querySelector(`[data-kb-gid="${group}"]`) : null;
      missed.set(key, holder && holder.matches('"""
    + _ROVING
    + """')
        ? `${holder.getAttribute('role')} "${groupName(holder)}"` : describe(e));
    }
  }
  return [...missed.values()];
}"""
)

# Every Tab stop on the whole page, the menu's included; a walk from anywhere reaches them all within this many
# presses (plus _MARGIN: the browser's own stops, and controls that appear as the walk scrolls).
_TAB_STOPS_JS = """() => [...document.querySelectorAll('a[href], button, input, textarea, select, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled).length"""
_MARGIN = 80

_ALL_SEEN_JS = """() => {
  for (const e of document.querySelectorAll('[data-kb]')) {
    const group = e.getAttribute('data-kb-group');
    if (!window.__kbSeen.has(e.getAttribute('data-kb')) && !(group && window.__kbSeen.has(group))) return false;
  }
  return true;
}"""

_SELF_CHECK_JS = """(adding) => {
  document.querySelectorAll('[data-kb-selfcheck]').forEach(e => e.remove());
  if (!adding) return;
  const block = document.querySelector('main [data-testid="stMainBlockContainer"]') || document.querySelector('main');
  const add = (tag, label, tabindex) => {
    const e = document.createElement(tag);
    e.textContent = label;
    e.setAttribute('data-kb-selfcheck', '');
    if (tabindex !== null) e.setAttribute('tabindex', tabindex);
    block.appendChild(e);
    return e;
  };
  add('button', 'Self-check reachable', null);
  add('button', 'Self-check unreachable', '-1');
  add('div', 'Self-check clickable div', null).style.cursor = 'pointer';
}"""


def _nav_titles(harbour: Harbour) -> list[str]:
    links = harbour.page.get_by_test_id("stSidebar").get_by_role("link")
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # the icon's name comes first


def _unreached_by_tab(page: Page) -> tuple[int, list[str]]:
    """Mark the main area's controls, Tab from the top of the page: how many controls, and those Tab never reached."""
    controls = page.evaluate(_MARK_JS, True)
    for _ in range(3):  # a walk, then another only if controls appeared during the last one
        stops = page.evaluate(_TAB_STOPS_JS)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.mouse.click(1, 1)  # Tab starts where the page was last clicked: its top corner, not the menu link
        for done in range(1, stops + _MARGIN + 1):
            page.keyboard.press("Tab")
            if done % 10 == 0 and page.evaluate(_ALL_SEEN_JS):
                break
        added = page.evaluate(_MARK_JS, False)
        if not added:
            break
        controls += added
    else:
        raise AssertionError("controls kept appearing while tabbing through the page")
    return controls, page.evaluate(_UNREACHED_JS)


def _settle(harbour: Harbour) -> None:
    expect(harbour.page.get_by_role("heading", level=1)).to_be_visible()
    harbour.page.wait_for_timeout(300)  # charts draw after the script run ends


def _open_expanders(page: Page) -> bool:
    """Open every collapsed expander in the main area that is shown (nothing runs on the server); whether there
    were any. One in a tab not chosen is hidden with its tab, so it can't take the focus until that tab is chosen."""
    closed = page.locator("main details:not([open]) > summary:visible")
    count = closed.count()
    for _ in range(count):
        closed.first.click()
    if count:
        page.wait_for_timeout(300)  # tables and charts inside draw once shown
    return bool(count)


def _write_a_reflection(harbour: Harbour, password: str) -> None:
    harbour.click("Gibbs' reflective cycle · 20 min")


def _open_an_entry(harbour: Harbour, password: str) -> None:
    # The last: the filters' drop-down chevrons are "Open" buttons too, and come first.
    harbour.rerun(harbour.page.get_by_role("button", name="Open", exact=True).last.click)


def _edit_it(harbour: Harbour, password: str) -> None:
    harbour.click("Edit")


def _show_downloads(harbour: Harbour, password: str) -> None:
    page = harbour.page
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Show my downloads"))
    form.get_by_label("Your password", exact=True).fill(password)
    harbour.click("Show my downloads")


def _open_the_group(harbour: Harbour, password: str) -> None:
    harbour.click("Open")


def _tab(name: str) -> Callable[[Harbour, str], None]:
    def choose(harbour: Harbour, password: str) -> None:
        harbour.page.get_by_role("tab", name=name, exact=True).click()  # switching tabs runs nothing on the server
        harbour.page.wait_for_timeout(300)

    return choose


# Pages whose first view hides more controls behind a step: (what the step shows, the step), checked in order.
_MORE_STATES: dict[str, list[tuple[str, Callable[[Harbour, str], None]]]] = {
    "Write": [("a reflection open", _write_a_reflection)],
    "Journal": [("an entry open", _open_an_entry), ("editing it", _edit_it)],
    "Your data": [("downloads shown", _show_downloads)],
    "Peer groups": [
        ("the group open", _open_the_group),
        *((f"the group's {name} tab", _tab(name)) for name in ("What I share", "Running the group", "Leave")),
    ],
}


def _record(page: Page, where: str, missed: dict[str, list[str]]) -> None:
    controls, missed[where] = _unreached_by_tab(page)
    assert controls, f"{where}: no controls found, so nothing was checked (has Streamlit's page changed?)"


def _check(page: Page, where: str, missed: dict[str, list[str]]) -> None:
    """Check the page as it is, then again with its expanders open."""
    _record(page, where, missed)
    if _open_expanders(page):
        _record(page, f"{where}, expanders open", missed)


def test_tab_reaches_every_control_on_every_page(demo_password: str, harbour: Harbour) -> None:
    page = harbour.page
    harbour.open()
    _settle(harbour)
    missed: dict[str, list[str]] = {}
    _check(page, "Welcome", missed)
    page.get_by_role("tab", name="Create an account").click()  # switching tabs runs nothing on the server
    _check(page, "Welcome, Create an account tab", missed)

    page.evaluate(_SELF_CHECK_JS, True)  # proves the detector can fail, and only where it should
    _, self_check = _unreached_by_tab(page)
    page.evaluate(_SELF_CHECK_JS, False)
    assert [m for m in self_check if "Self-check" in m] == [
        'button "Self-check unreachable" tabindex=-1 in stMainBlockContainer',
        'div "Self-check clickable div" (looks clickable: pointer cursor) tabindex=(none) in stMainBlockContainer',
    ], self_check

    page.get_by_role("tab", name="Sign in").click()
    harbour.sign_in("demo", demo_password)
    titles = _nav_titles(harbour)
    assert {"Write", "Journal", "Trends", "Support", "Your data"} <= set(titles)
    nav = page.get_by_test_id("stSidebar")
    for title in titles:
        harbour.rerun(nav.get_by_role("link", name=title, exact=True).click)
        _settle(harbour)
        _check(page, title, missed)
        for state, step in _MORE_STATES.get(title, []):
            step(harbour, demo_password)
            _check(page, f"{title}, {state}", missed)

    assert set(_MORE_STATES) <= set(missed), "a page with more to show was not visited"
    bad = {where: found for where, found in missed.items() if found}
    assert bad == {}, "Controls Tab never reached:\n" + "\n".join(
        f"{where}: {control}" for where, found in bad.items() for control in found
    )
