"""Pictures of hand-made goods: cloth, baskets, lamps, bags, clothes and home decor."""

from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageDraw

from .canvas import (
    INK,
    SIZE,
    STRAW,
    WOOD,
    canvas,
    fill,
    fringe,
    mask_polygon,
    palette_of,
    plait_palette,
    shade,
    shadow,
)
from .patterns import darken, lighten, pattern, rgb

# --- Cloth --------------------------------------------------------------------------------


def draw_scarf(spec, rng) -> Image.Image:
    surface = pattern(spec["pattern"], palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))
    image = canvas(spec["palette"][0])
    shadow(image, (170, 700, 650, 770))
    rod_y = 150
    back = mask_polygon([(390, rod_y), (610, rod_y), (628, 650), (404, 684)])
    fill(image, surface, back, offset=(57, 33))
    image.paste((0, 0, 0), (0, 0), back.point(lambda v: v * 0.32))
    front = mask_polygon([(190, rod_y), (430, rod_y), (446, 716), (172, 700)])
    fill(image, surface, front)
    shade(image, front, 0.3)
    draw = ImageDraw.Draw(image)
    colours = [spec["palette"][0], darken(rgb(spec["palette"][0]), 0.2)]
    fringe(draw, (404, 684), (628, 650), colours, 28)
    fringe(draw, (172, 700), (446, 716), colours, 34)
    draw.rounded_rectangle((110, rod_y - 16, 690, rod_y + 12), radius=14, fill=WOOD)
    for x in (104, 696):
        draw.ellipse((x - 20, rod_y - 22, x + 20, rod_y + 18), fill=darken(WOOD, 0.2))
    return image


def draw_folded(spec, rng) -> Image.Image:
    surface = pattern(spec["pattern"], palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))
    image = canvas(spec["palette"][0], table=True)
    shadow(image, (120, 610, 690, 690))
    for k in (2, 1, 0):
        y0 = 230 + k * 128
        piece = Image.new("L", image.size, 0)
        ImageDraw.Draw(piece).rounded_rectangle(
            (140 + k * 8, y0, 660 - k * 8, y0 + 150), radius=42, fill=255
        )
        fill(image, surface, piece, offset=(k * 61, k * 97))
        shade(image, piece, 0.35 + k * 0.05, direction="vertical")
        draw = ImageDraw.Draw(image)
        draw.arc(
            (140 + k * 8, y0 + 4, 260 + k * 8, y0 + 146),
            100,
            260,
            fill=lighten(rgb(spec["palette"][0]), 0.35),
            width=5,
        )
    return image


def draw_handkerchief(spec, rng) -> Image.Image:
    surface = pattern(spec.get("pattern", "tie-dye"), palette_of(spec), (SIZE, SIZE))
    image = canvas(spec["palette"][0], table=True)
    shadow(image, (150, 560, 680, 700))
    for k, (angle, x, y) in enumerate(((-16, 110, 160), (9, 300, 190), (-4, 200, 300))):
        patch = ImageChops.offset(surface, k * 150, k * 90).crop((0, 0, 360, 360))
        mask = Image.new("L", patch.size, 255)
        patch = patch.rotate(angle, Image.Resampling.BICUBIC, expand=True)
        mask = mask.rotate(angle, Image.Resampling.BICUBIC, expand=True)
        edge = ImageDraw.Draw(patch)
        edge.line(
            [(20, patch.height // 2), (patch.width - 20, patch.height // 2)],
            fill=lighten(rgb(spec["palette"][0]), 0.25),
            width=2,
        )
        image.paste(patch, (x, y), mask)
    return image


# --- Baskets and lamps --------------------------------------------------------------------


def _vessel(image, surface, cx, top_y, bottom_y, top_w, bottom_w, rim, open_top=True):
    top_ry, bottom_ry = top_w * 0.13, bottom_w * 0.13
    mask = mask_polygon(
        [
            (cx - top_w / 2, top_y),
            (cx + top_w / 2, top_y),
            (cx + bottom_w / 2, bottom_y),
            (cx - bottom_w / 2, bottom_y),
        ]
    )
    draw_mask = ImageDraw.Draw(mask)
    draw_mask.ellipse(
        (cx - bottom_w / 2, bottom_y - bottom_ry, cx + bottom_w / 2, bottom_y + bottom_ry), fill=255
    )
    draw_mask.ellipse((cx - top_w / 2, top_y - top_ry, cx + top_w / 2, top_y + top_ry), fill=255)
    fill(image, surface, mask)
    shade(image, mask, 0.5)
    draw = ImageDraw.Draw(image)
    if open_top:
        draw.ellipse(
            (cx - top_w / 2 + 10, top_y - top_ry + 8, cx + top_w / 2 - 10, top_y + top_ry - 8),
            fill=darken(rgb(rim), 0.45),
        )
    draw.ellipse(
        (cx - top_w / 2, top_y - top_ry, cx + top_w / 2, top_y + top_ry), outline=rim, width=12
    )
    return draw


def draw_basket(spec, rng) -> Image.Image:
    surface = pattern(spec.get("pattern", "lai-song"), plait_palette(spec), (SIZE, SIZE))
    rim = darken(rgb(STRAW), 0.3)
    image = canvas(STRAW, table=True)
    shape = spec.get("shape", "basket")
    if shape == "tray":
        shadow(image, (90, 520, 710, 660))
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).ellipse((100, 360, 700, 620), fill=255)
        fill(image, surface, mask)
        draw = ImageDraw.Draw(image)
        draw.ellipse((100, 360, 700, 620), outline=rim, width=18)
        draw.ellipse((150, 395, 650, 585), outline=darken(rim, 0.2), width=6)
        return image
    if shape == "box":
        shadow(image, (150, 600, 700, 690))
        front = mask_polygon([(180, 330), (560, 330), (560, 650), (180, 650)])
        top = mask_polygon([(180, 330), (560, 330), (640, 260), (260, 260)])
        side = mask_polygon([(560, 330), (640, 260), (640, 580), (560, 650)])
        for part, colour, strength in (
            (top, (255, 255, 255), 0.15),
            (front, None, 0),
            (side, (0, 0, 0), 0.3),
        ):
            fill(image, surface, part)
            if colour:
                image.paste(colour, (0, 0), part.point(lambda v, s=strength: v * s))
        ImageDraw.Draw(image).rectangle((176, 326, 564, 380), outline=rim, width=8)
        return image
    sizes = {
        "kratip": (300, 290, 230, 640, False),
        "bowl": (560, 360, 360, 600, True),
        "picnic": (460, 400, 330, 640, True),
        "tall": (400, 330, 200, 690, True),
        "basket": (440, 340, 280, 650, True),
    }
    top_w, bottom_w, top_y, bottom_y, open_top = sizes.get(shape, sizes["basket"])
    shadow(image, (400 - bottom_w / 2 - 40, bottom_y - 30, 400 + bottom_w / 2 + 40, bottom_y + 50))
    draw = _vessel(image, surface, 400, top_y, bottom_y, top_w, bottom_w, rim, open_top)
    if shape == "kratip":  # the lid is a second, wider cylinder over the top third
        _vessel(
            image,
            surface,
            400,
            top_y - 20,
            top_y + 150,
            top_w + 24,
            top_w + 24,
            rim,
            open_top=False,
        )
        draw.line(
            [(400 - top_w / 2 - 12, top_y + 60), (400 + top_w / 2 + 12, top_y + 60)],
            fill=rim,
            width=6,
        )
    if shape == "picnic":
        draw.arc(
            (400 - top_w * 0.38, top_y - 230, 400 + top_w * 0.38, top_y + 40),
            180,
            360,
            fill=rim,
            width=22,
        )
    return image


def _lamp_points(shape: str) -> list[tuple[float, float]]:
    if shape == "round":
        return [
            (400 + 210 * math.cos(a / 40 * 2 * math.pi), 400 + 210 * math.sin(a / 40 * 2 * math.pi))
            for a in range(40)
        ]
    profiles = {
        "fishtrap": [(60, 150), (110, 230), (200, 360), (210, 470), (150, 580), (110, 640)],
        "bell": [(70, 170), (100, 260), (150, 380), (210, 520), (250, 600)],
        "drum": [(180, 220), (180, 600)],
    }
    right = [(400 + dx, y) for dx, y in profiles.get(shape, profiles["drum"])]
    left = [(400 - dx, y) for dx, y in reversed(profiles.get(shape, profiles["drum"]))]
    return right + left


def draw_lamp(spec, rng) -> Image.Image:
    surface = pattern("lai-sam", (STRAW, darken(rgb(STRAW), 0.35)), (SIZE, SIZE))
    image = canvas("#F1C46B")
    draw = ImageDraw.Draw(image)
    draw.line([(400, 0), (400, 200)], fill=INK, width=5)
    mask = mask_polygon(_lamp_points(spec.get("shape", "drum")))
    fill(image, surface, mask)
    shade(image, mask, 0.45)
    glow = Image.radial_gradient("L").resize(image.size).point(lambda v: max(0, 150 - v))
    image.paste((255, 214, 120), (0, 0), ImageChops.multiply(mask, glow))
    return image


# --- Bags and clothes ---------------------------------------------------------------------


def bag_surface(spec):
    if spec.get("pattern") in ("lai-khat", "lai-song", "lai-sam", "dok-phikun"):
        return pattern(spec["pattern"], plait_palette(spec), (SIZE, SIZE))
    if spec.get("material_look") == "hyacinth" or spec.get("pattern") is None:
        return pattern("lai-sam", ("#B89263", "#8E6B45"), (SIZE, SIZE))
    return pattern(spec["pattern"], palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))


def draw_bag(spec, rng) -> Image.Image:
    surface = bag_surface(spec)
    main = rgb(spec["palette"][0])
    strap = darken(main, 0.35) if spec.get("pattern") else (120, 84, 50)
    image = canvas(spec["palette"][0])
    draw = ImageDraw.Draw(image)
    shape = spec.get("shape", "tote")
    shadow(image, (170, 660, 630, 730))
    if shape == "round":
        draw.arc((250, 110, 550, 420), 180, 360, fill=strap, width=20)
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).ellipse((190, 260, 610, 690), fill=255)
    elif shape == "bucket":
        draw.line([(250, 0), (235, 300)], fill=strap, width=14)
        draw.line([(550, 0), (565, 300)], fill=strap, width=14)
        mask = mask_polygon([(200, 290), (600, 290), (560, 700), (240, 700)])
    elif shape in ("shoulder", "yaam"):
        draw.rectangle((225, 0, 265, 300), fill=strap)
        draw.rectangle((535, 0, 575, 300), fill=strap)
        mask = mask_polygon([(210, 290), (590, 290), (590, 650), (210, 650)])
    elif shape in ("clutch",):
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((150, 300, 650, 580), radius=40, fill=255)
    elif shape == "drawstring":
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((230, 230, 570, 700), radius=50, fill=255)
    else:  # tote
        draw.arc((270, 120, 530, 460), 180, 360, fill=strap, width=20)
        mask = mask_polygon([(210, 300), (590, 300), (625, 690), (175, 690)])
    fill(image, surface, mask)
    shade(image, mask, 0.35)
    draw = ImageDraw.Draw(image)
    if shape == "clutch":
        draw.polygon([(150, 330), (650, 330), (400, 470)], fill=darken(main, 0.3))
        draw.ellipse((385, 455, 415, 485), fill=(201, 165, 92))
    if shape == "drawstring":
        for x in range(245, 560, 24):
            draw.polygon([(x, 230), (x + 12, 210), (x + 24, 230)], fill=darken(main, 0.2))
        draw.line([(260, 225), (215, 690)], fill=(230, 222, 205), width=7)
        draw.line([(540, 225), (585, 690)], fill=(230, 222, 205), width=7)
    if spec.get("fringe"):
        fringe(draw, (210, 650), (590, 650), [rgb(c) for c in spec["palette"]], 50)
    return image


_GARMENTS = {
    "shirt": [
        (340, 150),
        (250, 178),
        (140, 380),
        (222, 415),
        (272, 300),
        (262, 700),
        (538, 700),
        (528, 300),
        (578, 415),
        (660, 380),
        (550, 178),
        (460, 150),
        (430, 180),
        (400, 188),
        (370, 180),
    ],
    "skirt": [(300, 170), (500, 170), (612, 690), (188, 690)],
    "dress": [
        (350, 140),
        (280, 160),
        (205, 280),
        (258, 305),
        (300, 262),
        (305, 390),
        (180, 720),
        (620, 720),
        (495, 390),
        (500, 262),
        (542, 305),
        (595, 280),
        (520, 160),
        (450, 140),
        (400, 170),
    ],
    "trousers": [
        (270, 150),
        (530, 150),
        (565, 720),
        (425, 720),
        (400, 340),
        (375, 720),
        (235, 720),
    ],
}


def draw_garment(spec, rng) -> Image.Image:
    kind = spec["kind"]
    name = "plain" if kind == "skirt" else spec.get("pattern", "plain")
    surface = pattern(name, palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))
    main = rgb(spec["palette"][0])
    image = canvas(spec["palette"][0])
    shadow(image, (200, 690, 600, 750), 70)
    points = _GARMENTS[kind]
    mask = mask_polygon(points)
    fill(image, surface, mask)
    shade(image, mask, 0.25)
    draw = ImageDraw.Draw(image)
    seam = darken(main, 0.3)
    style = spec.get("style", "")
    if kind == "shirt":
        if style == "jacket":
            draw.polygon([(400, 188), (430, 700), (370, 700)], fill=darken(main, 0.5))
            draw.line([(370, 180), (400, 330), (430, 180)], fill=seam, width=6)
        else:
            if style != "farmer":
                draw.polygon([(336, 132), (464, 132), (462, 162), (338, 162)], fill=seam)
            draw.line([(400, 188), (400, 700)], fill=seam, width=3)
            for y in range(225, 680, 75):
                draw.ellipse((408, y, 424, y + 16), fill=(107, 74, 43))
        draw.rectangle((300, 300, 360, 360), outline=seam, width=3)
    elif kind == "skirt":
        hem = pattern("khit", palette_of(spec), (SIZE, SIZE))
        band = mask_polygon([(214, 600), (586, 600), (612, 690), (188, 690)])
        fill(image, hem, band)
        draw.rectangle((296, 160, 504, 190), fill=seam)
        draw.line([(470, 190), (560, 690)], fill=seam, width=4)
        draw.line([(504, 176), (560, 260)], fill=seam, width=6)
    elif kind == "trousers":
        draw.rectangle((268, 140, 532, 180), fill=seam)
        draw.line([(300, 180), (330, 260)], fill=seam, width=3)
        draw.line([(500, 180), (470, 260)], fill=seam, width=3)
    return image


# --- Home decor ---------------------------------------------------------------------------


def draw_cushion(spec, rng) -> Image.Image:
    surface = pattern(spec["pattern"], palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))
    image = canvas(spec["palette"][0])
    shadow(image, (160, 600, 660, 720))
    corners = [(150, 150), (650, 150), (650, 650), (150, 650)]
    points = []
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        nx, ny = (by - ay) / 500, -(bx - ax) / 500  # inward normal for a clockwise square
        for i in range(20):
            t = i / 20
            sag = 28 * math.sin(math.pi * t)
            points.append((ax + (bx - ax) * t - nx * sag, ay + (by - ay) * t - ny * sag))
    mask = mask_polygon(points)
    fill(image, surface, mask)
    rim = Image.radial_gradient("L").resize(image.size).point(lambda v: max(0, v - 110))
    image.paste((0, 0, 0), (0, 0), ImageChops.multiply(mask, rim))
    ImageDraw.Draw(image).line(
        points + points[:1], fill=darken(rgb(spec["palette"][0]), 0.35), width=6
    )
    return image


def draw_triangle(spec, rng) -> Image.Image:
    surface = pattern("khit", palette_of(spec), (SIZE, SIZE))
    main = rgb(spec["palette"][0])
    image = canvas(spec["palette"][0])
    shadow(image, (80, 620, 720, 720))
    base = mask_polygon([(90, 560), (710, 560), (740, 680), (60, 680)])
    fill(image, surface, base, offset=(40, 40))
    shade(image, base, 0.35, direction="vertical")
    face = mask_polygon([(120, 560), (400, 230), (680, 560)])
    fill(image, surface, face)
    draw = ImageDraw.Draw(image)
    segments = 5
    for i in range(1, segments):
        x = 120 + (680 - 120) * i / segments
        top = 560 - (330 * (1 - abs(x - 400) / 280))
        draw.line([(x, 560), (x, top)], fill=darken(main, 0.45), width=6)
    shade(image, face, 0.25)
    return image


def draw_runner(spec, rng) -> Image.Image:
    surface = pattern(spec["pattern"], palette_of(spec), (SIZE, SIZE), spec.get("motif", ""))
    image = canvas(spec["palette"][0], table=True)
    ImageDraw.Draw(image).rectangle((0, 300, SIZE, SIZE), fill=WOOD)
    runner = mask_polygon([(330, 310), (470, 310), (610, 800), (190, 800)])
    fill(image, surface, runner)
    shade(image, runner, 0.2, direction="vertical", colour=(255, 255, 255))
    draw = ImageDraw.Draw(image)
    fringe(draw, (330, 282), (470, 282), [rgb(spec["palette"][0])], 26, 7)
    draw.ellipse((500, 360, 640, 420), fill=(235, 230, 220), outline=(200, 190, 180), width=3)
    return image


def draw_placemat(spec, rng) -> Image.Image:
    surface = pattern(spec.get("pattern", "lai-song"), plait_palette(spec), (SIZE, SIZE))
    image = canvas(STRAW, table=True)
    ImageDraw.Draw(image).rectangle((0, 0, SIZE, SIZE), fill=WOOD)
    for k, (angle, x, y) in enumerate(((-6, 40, 60), (5, 400, 50), (4, 30, 420), (-5, 410, 400))):
        patch = ImageChops.offset(surface, k * 70, k * 40).crop((0, 0, 350, 290))
        mask = Image.new("L", patch.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, 349, 289), radius=26, fill=255)
        patch, mask = (
            im.rotate(angle, Image.Resampling.BICUBIC, expand=True) for im in (patch, mask)
        )
        image.paste(patch, (x, y), mask)
    draw = ImageDraw.Draw(image)
    draw.ellipse((110, 130, 330, 330), fill=(244, 240, 232), outline=(210, 200, 190), width=4)
    return image
