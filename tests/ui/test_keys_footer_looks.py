"""The one-line footer draws what Textual's Footer draws, cell for cell (character and style):
plain keys, a disabled key, a group of keys with its label, the palette's key at the right edge,
compact or not, narrow or wide, and a key under the pointer."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from mrss_tui.widgets.keys_footer import KeysFooter

MOVE = Binding.Group("Move")
MOVE_COMPACT = Binding.Group("Pan", compact=True)


class KeysApp(App):
    BINDINGS = [
        Binding("a", "ring", "Ring", tooltip="Rings the bell"),
        Binding("b", "off", "Off", tooltip="Never on"),
        Binding("left", "move('l')", "Left", group=MOVE),
        Binding("right", "move('r')", "Right", group=MOVE),
        Binding("c", "ring_more", "Ring more"),
        Binding("h", "pan('l')", "Pan left", group=MOVE_COMPACT),
        Binding("l", "pan('r')", "Pan right", group=MOVE_COMPACT),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, footer: type, compact: bool) -> None:
        super().__init__()
        self.footer_class, self.compact, self.actions = footer, compact, []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield self.footer_class(compact=self.compact)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "off" else True

    def action_ring(self) -> None:
        self.actions.append("ring")

    def action_off(self) -> None:
        self.actions.append("off")

    def action_move(self, where: str) -> None:
        self.actions.append(f"move {where}")

    def action_pan(self, where: str) -> None:
        self.actions.append(f"pan {where}")

    def action_ring_more(self) -> None:
        self.actions.append("ring more")


def _cells(app: App) -> list[tuple[str, object]]:
    """The bottom line as (character, style) a cell."""
    strip = app.screen._compositor.render_strips()[-1]
    return [(char, segment.style.clear_meta_and_links() if segment.style else None)
            for segment in strip for char in segment.text]


async def _bottom_line(footer: type, compact: bool, width: int,
                       hover_at: int | None = None) -> list[tuple[str, object]]:
    app = KeysApp(footer, compact)
    async with app.run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        await pilot.pause()
        if hover_at is not None:
            await pilot.hover(footer, offset=(hover_at, 0))
            await pilot.pause()
        return _cells(app)


@pytest.mark.asyncio
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("width", [60, 140])
async def test_the_line_is_textual_s_footer_cell_for_cell(compact: bool, width: int) -> None:
    ours = await _bottom_line(KeysFooter, compact, width)
    assert "Ring" in "".join(char for char, _style in ours)
    assert ours == await _bottom_line(Footer, compact, width)


@pytest.mark.asyncio
@pytest.mark.parametrize("hover_at", [2, 18, 25, 60])  # a key, a disabled key, grouped, none
async def test_the_key_under_the_pointer_is_highlighted_as_textual_s(hover_at: int) -> None:
    ours = await _bottom_line(KeysFooter, False, 140, hover_at)
    assert ours == await _bottom_line(Footer, False, 140, hover_at)
    assert ours != await _bottom_line(KeysFooter, False, 140) or hover_at == 60


@pytest.mark.asyncio
async def test_a_disabled_key_is_dim_and_an_enabled_one_is_not() -> None:
    line = await _bottom_line(KeysFooter, False, 140)
    text = "".join(char for char, _style in line)
    # Textual draws dim text as text blended into its background, not with the terminal's dim.
    off_key, ring_key = line[text.index("b Off")][1], line[text.index("a Ring")][1]
    assert off_key.bgcolor == ring_key.bgcolor and off_key.color != ring_key.color
    assert line[text.index("Off")][1].color != line[text.index("Ring")][1].color


@pytest.mark.asyncio
async def test_a_click_presses_the_key_under_the_pointer_and_a_disabled_one_rings() -> None:
    app = KeysApp(KeysFooter, False)
    bells: list[None] = []
    app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(140, 6)) as pilot:
        await pilot.pause()
        text = app.query_one(KeysFooter).render_line(0).text
        for word in ("Ring", "Off", "Ring more"):
            await pilot.click(KeysFooter, offset=(text.index(word), 0))
            await pilot.pause()
        await pilot.click(KeysFooter, offset=(text.index("→"), 0))  # a grouped key
        await pilot.pause()
        assert app.actions == ["ring", "ring more", "move r"]
        assert len(bells) == 1  # "Off" is disabled: a bell, not its action


@pytest.mark.asyncio
async def test_the_tooltip_is_the_key_s_under_the_mouse() -> None:
    app = KeysApp(KeysFooter, False)
    async with app.run_test(size=(140, 6), tooltips=True) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        text = footer.render_line(0).text
        await pilot.hover(KeysFooter, offset=(text.index("Ring"), 0))
        assert footer.tooltip == "Rings the bell"
        tip = app.screen.query_one("#textual-tooltip")
        for _ in range(100):  # until Textual shows it (after its delay)
            if tip.display:
                break
            await pilot.pause(0.05)
        assert tip.display and "Rings the bell" in str(tip.render())
        await pilot.hover(KeysFooter, offset=(text.index("Off"), 0))
        assert footer.tooltip == "Never on"
        # Textual hides a tooltip as the pointer moves over the widget that gave it, and shows
        # it again after its delay when the pointer moves on (here, within the key).
        await pilot.hover(KeysFooter, offset=(text.index("Off") + 1, 0))
        for _ in range(100):  # the tooltip on show is the key's under the pointer
            if "Never on" in str(tip.render()):
                break
            await pilot.pause(0.05)
        assert tip.display and "Never on" in str(tip.render())
        await pilot.hover(KeysFooter, offset=(text.index("←"), 0))
        assert footer.tooltip == "Left"  # a grouped key's is its description, as Textual's
        await pilot.hover(KeysFooter, offset=(60, 0))
        assert footer.tooltip is None  # between keys


async def _scrolled_line(footer: type, downs: int, ups: int) -> list[tuple[str, object]]:
    app = KeysApp(footer, False)
    async with app.run_test(size=(50, 6)) as pilot:
        await pilot.pause()
        for button in ["down"] * downs + ["up"] * ups:
            await pilot._post_mouse_events(  # Pilot has no public wheel (Textual 8)
                [events.MouseScrollDown if button == "down" else events.MouseScrollUp],
                footer, offset=(5, 0))
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
        return _cells(app)


@pytest.mark.asyncio
@pytest.mark.parametrize(("downs", "ups"), [(1, 0), (9, 0), (9, 1)])
async def test_the_mouse_wheel_scrolls_keys_that_do_not_fit_as_textual_s(downs: int,
                                                                        ups: int) -> None:
    ours = await _scrolled_line(KeysFooter, downs, ups)
    assert ours == await _scrolled_line(Footer, downs, ups)
    assert ours != await _scrolled_line(KeysFooter, 0, 0)


async def _line_after_theme_change(footer: type) -> list[tuple[str, object]]:
    app = KeysApp(footer, False)
    async with app.run_test(size=(140, 6)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        return _cells(app)


@pytest.mark.asyncio
async def test_a_theme_change_redraws_the_keys_in_the_new_colours_as_textual_s() -> None:
    ours = await _line_after_theme_change(KeysFooter)
    assert ours == await _line_after_theme_change(Footer)
    assert ours != await _bottom_line(KeysFooter, False, 140)
