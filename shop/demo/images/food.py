"""Pictures of processed foods: jars with a cloth cap, honey jars, stand-up pouches, servings."""

from __future__ import annotations

from PIL import Image, ImageDraw

from .canvas import CREAM, SIZE, canvas, fill, mask_polygon, shade, shadow, text_centered, wrap
from .patterns import darken, lighten, mix, pattern, rgb

# --- Food -----------------------------------------------------------------------------------


def _label(draw, box, spec, accent) -> None:
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=18, fill=(250, 245, 232), outline=accent, width=5)
    cx = (x0 + x1) / 2
    y = text_centered(draw, cx, y0 + 16, "HomeNet Thailand", 18, accent)
    for line in wrap(spec.get("label", ""), 14)[:2]:
        y = text_centered(draw, cx, y + 2, line, 32)
    if spec.get("weight"):
        text_centered(draw, cx, y1 - 38, spec["weight"], 20, accent)


def draw_jar(spec, rng) -> Image.Image:
    content = rgb(spec["fill"])
    honey = spec["kind"] == "honey"
    image = canvas(spec["fill"], table=True)
    shadow(image, (210, 650, 620, 730))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((245, 290, 555, 700), radius=48, fill=content)
    for _ in range(0 if honey else 260):  # chilli flakes, seeds and herbs in the paste
        x, y = rng.randint(262, 538), rng.randint(305, 690)
        tone = lighten(content, 0.35) if rng.random() < 0.5 else darken(content, 0.35)
        draw.ellipse((x, y, x + rng.randint(3, 8), y + rng.randint(2, 5)), fill=tone)
    draw.rounded_rectangle((275, 240, 525, 310), radius=20, fill=content)
    draw.rectangle((278, 305, 300, 680), fill=lighten(content, 0.45))
    draw.rounded_rectangle((245, 290, 555, 700), radius=48, outline=(225, 225, 220), width=4)
    if honey:
        draw.rounded_rectangle((262, 190, 538, 250), radius=14, fill=(201, 160, 60))
        draw.line([(640, 220), (600, 700)], fill=(140, 95, 55), width=12)
        for k in range(5):
            draw.ellipse((572 + k, 600 + k * 18, 632 - k, 630 + k * 18), fill=(170, 120, 70))
    else:  # a cloth cap tied with string, as community kitchens do
        cloth = pattern("check", ("#B3202A", "#F4EFE6", "#B3202A"), (SIZE, SIZE))
        cap = Image.new("L", image.size, 0)
        cap_draw = ImageDraw.Draw(cap)
        cap_draw.rounded_rectangle((250, 170, 550, 270), radius=30, fill=255)
        for x in range(240, 560, 40):
            cap_draw.ellipse((x, 250, x + 44, 296), fill=255)
        fill(image, cloth, cap)
        draw.line([(262, 262), (538, 262)], fill=(120, 80, 40), width=5)
    _label(draw, (270, 410, 530, 610), spec, darken(content, 0.2))
    return image


def _pieces(draw, box, spec, rng, count=70) -> None:
    x0, y0, x1, y1 = box
    content = rgb(spec["fill"])
    line = spec.get("line", "")
    for _ in range(count):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        tone = mix(
            content, (255, 255, 255) if rng.random() < 0.5 else (0, 0, 0), rng.uniform(0, 0.25)
        )
        if line == "rice-crackers":
            r = rng.randint(22, 34)
            draw.ellipse(
                (x - r, y - r, x + r, y + r), fill=tone, outline=darken(tone, 0.2), width=3
            )
        elif line == "dried-fruit":
            w, h = rng.randint(30, 60), rng.randint(16, 30)
            draw.rounded_rectangle(
                (x - w / 2, y - h / 2, x + w / 2, y + h / 2), radius=8, fill=tone
            )
        else:  # dried leaves and flowers
            w, h = rng.randint(8, 20), rng.randint(4, 10)
            draw.ellipse((x - w, y - h, x + w, y + h), fill=tone)


def draw_pouch(spec, rng) -> Image.Image:
    kraft = (201, 165, 122)
    image = canvas(spec["fill"], table=True)
    shadow(image, (200, 660, 610, 740))
    paper = pattern("plain", ("#C9A57A",), (SIZE, SIZE))
    mask = mask_polygon([(232, 160), (568, 160), (580, 690), (220, 690)])
    ImageDraw.Draw(mask).ellipse((220, 650, 580, 730), fill=255)
    fill(image, paper, mask)
    shade(image, mask, 0.25)
    draw = ImageDraw.Draw(image)
    draw.line([(240, 215), (560, 215)], fill=darken(kraft, 0.25), width=5)
    draw.ellipse((388, 178, 412, 202), fill=mix(CREAM, rgb(spec["fill"]), 0.1))
    window = (285, 260, 515, 440)
    draw.rounded_rectangle(window, radius=24, fill=lighten(rgb(spec["fill"]), 0.55))
    if spec.get("form") == "bags":
        for k in range(4):
            x = 300 + k * 52
            draw.rounded_rectangle(
                (x, 300 + (k % 2) * 30, x + 44, 380 + (k % 2) * 30), radius=6, fill=(240, 236, 228)
            )
            draw.line([(x + 22, 300 + (k % 2) * 30), (x + 22, 270)], fill=(200, 190, 170), width=2)
    else:
        _pieces(draw, (300, 275, 500, 425), spec, rng, 90)
    draw.rounded_rectangle(window, radius=24, outline=(240, 236, 228), width=6)
    _label(draw, (262, 470, 538, 650), spec, darken(rgb(spec["fill"]), 0.25))
    return image


def draw_serving(spec, rng) -> Image.Image:
    content = rgb(spec["fill"])
    image = canvas(spec["fill"], table=True)
    draw = ImageDraw.Draw(image)
    line = spec.get("line", "")
    shadow(image, (130, 470, 670, 720))
    if line == "herbal-tea":
        draw.ellipse((170, 480, 630, 700), fill=(244, 240, 232), outline=(215, 205, 195), width=4)
        draw.polygon([(260, 380), (540, 380), (510, 620), (290, 620)], fill=(250, 248, 244))
        draw.ellipse((260, 350, 540, 420), fill=(250, 248, 244), outline=(215, 205, 195), width=4)
        draw.ellipse((276, 360, 524, 410), fill=content)
        draw.arc((515, 420, 620, 540), 270, 90, fill=(250, 248, 244), width=18)
        _pieces(draw, (120, 650, 300, 760), spec, rng, 18)
    elif line in ("chili-paste", "honey"):
        draw.ellipse((180, 420, 620, 640), fill=(186, 120, 82))
        draw.ellipse((205, 432, 595, 600), fill=content)
        draw.line([(520, 470), (700, 330)], fill=(220, 210, 195), width=16)
    else:
        draw.ellipse((120, 400, 680, 720), fill=(244, 240, 232), outline=(215, 205, 195), width=5)
        _pieces(draw, (220, 460, 580, 650), spec, rng, 40)
    return image
