"""Hand-woven cotton, mudmee silk and naturally dyed cloth."""

from __future__ import annotations

TEXTILE_LINES = [
    {
        "key": "cotton-scarf",
        "type": "textile",
        "category": "hand-woven-cotton",
        "crafts": ("cotton",),
        "name_en": "Hand-woven Cotton Scarf",
        "name_th": "ผ้าพันคอฝ้ายทอมือ",
        "axes": [
            ("cotton-pattern", ["flowing-water", "khit", "stripe", "check"]),
            (
                "colour",
                [
                    "indigo",
                    "natural-white",
                    "lac-red",
                    "leaf-green",
                    "bark-brown",
                    "turmeric-yellow",
                ],
            ),
        ],
        "limit": 16,
        "attrs": {"material": "cotton"},
        "variants": [("35x180-cm", 1.0, 110), ("50x200-cm", 1.45, 170)],
        "price": (390, 690),
        "image": "scarf",
        "detail": True,
        "care": "cotton",
        "intro_en": "A cotton scarf with {pattern_phrase_en} in {colour_en}, woven on a wooden floor "
        "loom by {makers_en}.",
        "intro_th": "ผ้าพันคอฝ้าย{pattern_th} {colour_th} ทอด้วยกี่ไม้โดยสมาชิก{makers_th}",
    },
    {
        "key": "cotton-sarong",
        "type": "textile",
        "category": "hand-woven-cotton",
        "crafts": ("cotton",),
        "name_en": "Hand-woven Cotton Sarong",
        "name_th": "ผ้าซิ่นฝ้ายทอมือ",
        "axes": [
            ("cotton-pattern", ["jok", "flowing-water", "khit", "stripe"]),
            ("colour", ["indigo", "lac-red", "ebony-black", "bark-brown", "leaf-green"]),
        ],
        "limit": 10,
        "attrs": {"material": "cotton"},
        "variants": [("100x200-cm", 1.0, 350)],
        "price": (890, 1490),
        "image": "folded",
        "detail": True,
        "care": "cotton",
        "intro_en": "A sarong length (pha sin) of hand-woven cotton with {pattern_phrase_en} in "
        "{colour_en}, by {makers_en}. It comes unsewn, one metre by two, to wrap or to sew into a "
        "tube skirt.",
        "intro_th": "ผ้าซิ่นฝ้ายทอมือ{pattern_th} {colour_th} โดยสมาชิก{makers_th} ขนาด 1 x 2 เมตร "
        "ยังไม่เย็บ ใช้นุ่งแบบผ้าป้ายหรือนำไปเย็บเป็นผ้าถุงก็ได้",
    },
    {
        "key": "cotton-fabric",
        "type": "textile",
        "category": "hand-woven-cotton",
        "crafts": ("cotton",),
        "name_en": "Hand-woven Cotton Fabric",
        "name_th": "ผ้าฝ้ายทอมือแบบผืน",
        "axes": [
            ("cotton-pattern", ["stripe", "check", "khit"]),
            (
                "colour",
                ["natural-white", "indigo", "charcoal-grey", "turmeric-yellow", "sky-indigo"],
            ),
        ],
        "limit": 10,
        "attrs": {"material": "cotton"},
        "variants": [("2-m", 1.0, 400), ("4-m", 1.9, 800)],
        "price": (490, 790),
        "image": "folded",
        "detail": True,
        "care": "cotton",
        "intro_en": "Hand-woven cotton by the length, about a metre wide, with {pattern_phrase_en} in "
        "{colour_en}, from {makers_en}. Good for shirts, cushions and curtains.",
        "intro_th": "ผ้าฝ้ายทอมือแบบผืน หน้ากว้างประมาณ 1 เมตร {pattern_th} {colour_th} จาก{makers_th} "
        "เหมาะสำหรับตัดเสื้อ ทำปลอกหมอน หรือผ้าม่าน",
    },
    {
        "key": "silk-scarf",
        "type": "textile",
        "category": "mudmee-silk",
        "crafts": ("silk",),
        "name_en": "Mudmee Silk Scarf",
        "name_th": "ผ้าพันคอไหมมัดหมี่",
        "axes": [
            ("motif", ["naga", "hook", "lantern", "dok-kaeo", "soi-dok-mak"]),
            (
                "colour",
                [
                    "lac-red",
                    "indigo",
                    "mangosteen-purple",
                    "ebony-black",
                    "turmeric-yellow",
                    "leaf-green",
                    "lotus-pink",
                ],
            ),
        ],
        "limit": 15,
        "attrs": {"material": "silk", "technique": "mudmee"},
        "variants": [("35x180-cm", 1.0, 90), ("50x200-cm", 1.3, 130)],
        "price": (1290, 2200),
        "image": "scarf",
        "detail": True,
        "care": "silk",
        "intro_en": "A silk scarf in the {motif_en} mudmee pattern, {colour_en}, from {makers_en}. "
        "Before weaving, bundles of silk weft are tied by hand and dyed, so the pattern is already in "
        "the thread when it reaches the loom.",
        "intro_th": "ผ้าพันคอไหมมัดหมี่{motif_th} {colour_th} จาก{makers_th} ก่อนทอ ช่างจะมัดเส้นไหมพุ่งเป็นลำ"
        "แล้วนำไปย้อม ลวดลายจึงเกิดขึ้นบนเส้นไหมตั้งแต่ก่อนขึ้นกี่",
    },
    {
        "key": "silk-sarong",
        "type": "textile",
        "category": "mudmee-silk",
        "crafts": ("silk",),
        "name_en": "Mudmee Silk Sarong Length",
        "name_th": "ผ้าซิ่นไหมมัดหมี่",
        "axes": [
            ("motif", ["naga", "hook", "lantern", "dok-kaeo", "soi-dok-mak"]),
            ("colour", ["lac-red", "indigo", "mangosteen-purple", "ebony-black"]),
        ],
        "limit": 10,
        "attrs": {"material": "silk", "technique": "mudmee"},
        "variants": [("2-m", 1.0, 280), ("4-m", 1.8, 560)],
        "price": (2900, 3600),
        "image": "folded",
        "detail": True,
        "care": "silk",
        "intro_en": "Mudmee silk in the {motif_en} pattern, {colour_en}, woven by {makers_en}. Sold "
        "by the length for a sarong or to be tailored; a two-metre piece takes two to four weeks at "
        "the loom.",
        "intro_th": "ผ้าไหมมัดหมี่{motif_th} {colour_th} ทอโดยสมาชิก{makers_th} ขายเป็นผืนสำหรับนุ่งเป็นผ้าซิ่น"
        "หรือนำไปตัดชุด ผ้ายาวสองเมตรใช้เวลาทอสองถึงสี่สัปดาห์",
    },
    {
        "key": "natural-dye-shawl",
        "type": "textile",
        "category": "natural-dyes",
        "crafts": ("natural-dye",),
        "name_en": "Natural-dyed Cotton Shawl",
        "name_th": "ผ้าคลุมไหล่ฝ้ายย้อมสีธรรมชาติ",
        "axes": [
            (
                "options",
                [
                    {
                        "en": "Solid",
                        "th": "สีพื้น",
                        "attrs": {"technique": "plain-weave"},
                        "draw": {"pattern": "plain"},
                    },
                    {
                        "en": "Tie-dyed",
                        "th": "มัดย้อม",
                        "attrs": {"technique": "tie-dye"},
                        "draw": {"pattern": "tie-dye"},
                    },
                    {
                        "en": "Ombre",
                        "th": "ไล่เฉดสี",
                        "attrs": {"technique": "plain-weave"},
                        "draw": {"pattern": "ombre"},
                    },
                ],
            ),
            (
                "colour",
                [
                    "indigo",
                    "sky-indigo",
                    "ebony-black",
                    "lac-red",
                    "bark-brown",
                    "leaf-green",
                    "mangosteen-purple",
                    "turmeric-yellow",
                ],
            ),
        ],
        "limit": 10,
        "attrs": {"material": "cotton"},
        "variants": [("60x200-cm", 1.0, 220)],
        "price": (690, 1290),
        "image": "scarf",
        "detail": True,
        "care": "cotton",
        "intro_en": "A wide shawl of soft hand-woven cotton in {colour_en}, dyed by hand by "
        "{makers_en} with nothing but plants.",
        "intro_th": "ผ้าคลุมไหล่ฝ้ายทอมือเนื้อนุ่มผืนกว้าง {colour_th} ย้อมด้วยมือโดยสมาชิก{makers_th} "
        "ด้วยสีจากพืชล้วน ๆ",
    },
    {
        "key": "handkerchief-set",
        "type": "textile",
        "category": "natural-dyes",
        "crafts": ("natural-dye",),
        "name_en": "Natural-dyed Cotton Handkerchiefs, Set of 3",
        "name_th": "ผ้าเช็ดหน้าฝ้ายย้อมสีธรรมชาติ ชุด 3 ผืน",
        "axes": [
            (
                "colour",
                [
                    "indigo",
                    "lac-red",
                    "ebony-black",
                    "bark-brown",
                    "leaf-green",
                    "mangosteen-purple",
                ],
            )
        ],
        "limit": 6,
        "attrs": {"material": "cotton", "technique": "tie-dye"},
        "variants": [("30x30-cm", 1.0, 60)],
        "price": (190, 320),
        "image": "handkerchief",
        "draw": {"pattern": "tie-dye"},
        "detail": False,
        "care": "cotton",
        "intro_en": "Three tie-dyed handkerchiefs of fine hand-woven cotton in shades of {colour_en}, "
        "from {makers_en}. A small gift that replaces a lot of paper tissues.",
        "intro_th": "ผ้าเช็ดหน้าฝ้ายทอมือเนื้อละเอียดมัดย้อม 3 ผืน โทน{colour_th} จาก{makers_th} "
        "ของขวัญชิ้นเล็กที่ช่วยลดการใช้กระดาษทิชชู",
    },
]
