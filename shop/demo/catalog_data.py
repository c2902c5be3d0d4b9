"""Catalog content as plain data: colours, dyes, patterns, attributes, categories, product types.

The product lines (what is made, in which patterns and colours) are in
``lines.py``; ``products.py`` expands them into concrete products.
"""

from __future__ import annotations

# Colours of cloth and fibre.  ``dye`` says how the colour is made (a key of DYES);
# ``code`` is used in SKUs of colour variants.
COLOURS = {
    "indigo": {
        "en": "Indigo",
        "th": "คราม",
        "hex": "#2F3E75",
        "dye": "natural-indigo",
        "code": "IND",
    },
    "sky-indigo": {
        "en": "Sky Indigo",
        "th": "ฟ้าคราม",
        "hex": "#6F8FBF",
        "dye": "natural-indigo",
        "code": "SKY",
    },
    "natural-white": {
        "en": "Natural White",
        "th": "ขาวธรรมชาติ",
        "hex": "#EFE6D2",
        "dye": "undyed",
        "code": "WHT",
    },
    "lac-red": {"en": "Lac Red", "th": "แดงครั่ง", "hex": "#A3243B", "dye": "lac", "code": "LAC"},
    "lotus-pink": {
        "en": "Lotus Pink",
        "th": "ชมพูกลีบบัว",
        "hex": "#D88BA0",
        "dye": "lac",
        "code": "PNK",
    },
    "ebony-black": {
        "en": "Ebony Black",
        "th": "ดำมะเกลือ",
        "hex": "#2A2626",
        "dye": "ebony-fruit",
        "code": "BLK",
    },
    "turmeric-yellow": {
        "en": "Turmeric Yellow",
        "th": "เหลืองขมิ้น",
        "hex": "#D9A22E",
        "dye": "plant-dyes",
        "code": "YEL",
    },
    "leaf-green": {
        "en": "Leaf Green",
        "th": "เขียวใบไม้",
        "hex": "#5F7F45",
        "dye": "plant-dyes",
        "code": "GRN",
    },
    "bark-brown": {
        "en": "Bark Brown",
        "th": "น้ำตาลเปลือกไม้",
        "hex": "#7A4B2A",
        "dye": "plant-dyes",
        "code": "BRN",
    },
    "mangosteen-purple": {
        "en": "Mangosteen Purple",
        "th": "ม่วงเปลือกมังคุด",
        "hex": "#5E2B4F",
        "dye": "plant-dyes",
        "code": "PRP",
    },
    "charcoal-grey": {
        "en": "Charcoal Grey",
        "th": "เทาถ่าน",
        "hex": "#4A4A4F",
        "dye": "plant-dyes",
        "code": "GRY",
    },
    "natural-straw": {
        "en": "Natural Straw",
        "th": "ธรรมชาติ",
        "hex": "#CDAE74",
        "dye": "undyed",
        "code": "NAT",
    },
}

DYES = {
    "natural-indigo": {
        "en": "Natural indigo",
        "th": "ครามธรรมชาติ",
        "sentence_en": "The yarn is dyed in natural indigo, fermented for weeks in clay pots and dipped "
        "again and again to build up the shade.",
        "sentence_th": "เส้นด้ายย้อมด้วยครามธรรมชาติที่หมักในหม้อดินนานหลายสัปดาห์ แล้วจุ่มย้อมซ้ำหลายรอบจนได้เฉดสีที่ต้องการ",
    },
    "lac": {
        "en": "Lac",
        "th": "ครั่ง",
        "sentence_en": "The red comes from lac, a resin that tiny insects leave on rain trees, boiled and "
        "strained by hand.",
        "sentence_th": "สีแดงได้จากครั่ง ยางที่แมลงครั่งสร้างไว้บนกิ่งต้นจามจุรี นำมาต้มและกรองด้วยมือ",
    },
    "ebony-fruit": {
        "en": "Ebony fruit",
        "th": "มะเกลือ",
        "sentence_en": "The black is dyed with crushed green fruit of the ebony tree (mak kluea); the cloth "
        "darkens a little more every time it dries in the sun.",
        "sentence_th": "สีดำย้อมจากผลมะเกลือดิบที่ตำละเอียด ผ้าจะดำเข้มขึ้นทุกครั้งที่นำไปผึ่งแดด",
    },
    "plant-dyes": {
        "en": "Plant dyes (bark, leaves, roots)",
        "th": "สีจากเปลือกไม้ ใบไม้ และราก",
        "sentence_en": "The colour comes from bark, leaves, roots and fruit rinds gathered around the "
        "village, simmered in big pots over a wood fire.",
        "sentence_th": "สีได้จากเปลือกไม้ ใบไม้ ราก และเปลือกผลไม้ที่เก็บจากรอบหมู่บ้าน ต้มในหม้อใบใหญ่บนเตาฟืน",
    },
    "undyed": {
        "en": "Undyed",
        "th": "ไม่ย้อมสี",
        "sentence_en": "The fibre is left undyed, in its own warm natural colour.",
        "sentence_th": "เส้นใยไม่ผ่านการย้อมสี คงสีธรรมชาติอันอบอุ่นของตัวเอง",
    },
}

# Patterns of hand-woven cotton.  ``draw`` names the picture in images.py.
COTTON_PATTERNS = {
    "flowing-water": {
        "en": "Flowing Water Pattern",
        "th": "ลายน้ำไหล",
        "phrase_en": "the flowing-water pattern",
        "technique": "tapestry",
        "draw": "flowing-water",
        "note_en": "Lai nam lai, the flowing-water pattern of Nan, imitates the ripples of a river "
        "with interlocking wefts.",
        "note_th": "ลายน้ำไหลเป็นลายดั้งเดิมของเมืองน่าน เลียนแบบระลอกคลื่นของสายน้ำด้วยการทอเกาะเส้นพุ่ง",
    },
    "khit": {
        "en": "Khit Diamond Pattern",
        "th": "ลายขิด",
        "phrase_en": "small khit diamonds",
        "technique": "khit",
        "draw": "khit",
        "note_en": "Khit patterns are picked up with a flat stick, adding extra wefts that float over "
        "the cloth in small diamonds and hooks.",
        "note_th": "ลายขิดเกิดจากการใช้ไม้เก็บขิดยกเส้นยืนขึ้น แล้วสอดเส้นพุ่งพิเศษให้เป็นลายข้าวหลามตัดและลายขอเล็ก ๆ",
    },
    "stripe": {
        "en": "Stripe",
        "th": "ลายริ้ว",
        "phrase_en": "stripes",
        "technique": "plain-weave",
        "draw": "stripe",
        "note_en": "Simple stripes in several shades, in plain weave, so the cloth is light and "
        "breathes well in the heat.",
        "note_th": "ลายริ้วหลายเฉดสี ทอแบบลายขัด เนื้อผ้าจึงเบาและระบายอากาศได้ดีในอากาศร้อน",
    },
    "check": {
        "en": "Pha Khao Ma Check",
        "th": "ลายตารางผ้าขาวม้า",
        "phrase_en": "the pha khao ma check",
        "technique": "plain-weave",
        "draw": "check",
        "note_en": "The check of the pha khao ma, the all-purpose cloth found in every Thai home, "
        "woven a little finer for everyday wear.",
        "note_th": "ลายตารางแบบผ้าขาวม้า ผ้าอเนกประสงค์ที่มีติดทุกบ้าน ทอให้เนื้อละเอียดขึ้นเพื่อใช้ได้ทุกวัน",
    },
    "jok": {
        "en": "Jok Weave",
        "th": "ลายจก",
        "phrase_en": "a band of jok",
        "technique": "jok",
        "draw": "jok",
        "note_en": "The band of jok is woven by lifting each coloured thread by hand with a porcupine "
        "quill; a hand's width of jok can take a whole day.",
        "note_th": "แถบลายจกทอด้วยการเกี่ยวเส้นด้ายสีทีละเส้นด้วยขนเม่น ลายจกกว้างเพียงหนึ่งฝ่ามืออาจใช้เวลาทอทั้งวัน",
    },
}

# Motifs of mudmee (weft ikat) silk.
MUDMEE_MOTIFS = {
    "naga": {
        "en": "Naga Pattern",
        "th": "ลายนาค",
        "note_en": "The naga, serpent guardian of the rivers, is one of the oldest mudmee motifs of "
        "the Northeast.",
        "note_th": "นาค ผู้พิทักษ์สายน้ำ เป็นลายมัดหมี่เก่าแก่ที่สุดลายหนึ่งของภาคอีสาน",
    },
    "hook": {
        "en": "Hook Pattern",
        "th": "ลายขอ",
        "note_en": "Weavers say the interlocking hooks stand for families and neighbours holding on "
        "to one another.",
        "note_th": "ช่างทอเล่าว่าลายขอที่เกี่ยวกระหวัดกันหมายถึงครอบครัวและเพื่อนบ้านที่ยึดเหนี่ยวกันไว้",
    },
    "lantern": {
        "en": "Lantern Pattern",
        "th": "ลายโคม",
        "note_en": "Diamonds nested inside one another, like the lanterns hung at temple fairs.",
        "note_th": "ลายโคมเป็นรูปข้าวหลามตัดซ้อนกันหลายชั้น คล้ายโคมไฟที่แขวนในงานบุญ",
    },
    "dok-kaeo": {
        "en": "Orange Jasmine Pattern",
        "th": "ลายดอกแก้ว",
        "note_en": "Small four-petalled flowers of dok kaeo, orange jasmine, scattered across the cloth.",
        "note_th": "ดอกแก้วดอกเล็ก ๆ สี่กลีบกระจายอยู่ทั่วผืนผ้า",
    },
    "soi-dok-mak": {
        "en": "Areca Blossom Chain Pattern",
        "th": "ลายสร้อยดอกหมาก",
        "note_en": "Fine chains of areca blossoms, one of the most demanding mudmee patterns, with "
        "thousands of tiny ties.",
        "note_th": "ลายสร้อยดอกหมากเส้นเล็กละเอียด เป็นลายที่ต้องมัดหมี่ละเอียดนับพันจุด",
    },
}

# Plaiting patterns of baskets and mats.
BASKET_PATTERNS = {
    "lai-khat": {"en": "Lai Khat Checker", "th": "ลายขัด", "technique": "plain-plaiting"},
    "lai-song": {"en": "Lai Song Twill", "th": "ลายสอง", "technique": "twill-plaiting"},
    "lai-sam": {"en": "Lai Sam Twill", "th": "ลายสาม", "technique": "twill-plaiting"},
    "dok-phikun": {"en": "Dok Phikun Flower", "th": "ลายดอกพิกุล", "technique": "flower-plaiting"},
}

# Sizes of the "size" attribute: key -> (English, Thai, SKU code).
SIZES = {
    "s": ("S", "S", "S"),
    "m": ("M", "M", "M"),
    "l": ("L", "L", "L"),
    "xl": ("XL", "XL", "XL"),
    "free-size": ("Free size", "ฟรีไซซ์", "FS"),
    "small": ("Small", "เล็ก", "SM"),
    "medium": ("Medium", "กลาง", "MD"),
    "large": ("Large", "ใหญ่", "LG"),
    "30x30-cm": ("30 x 30 cm", "30 x 30 ซม.", "30X30"),
    "33x45-cm": ("33 x 45 cm", "33 x 45 ซม.", "33X45"),
    "35x180-cm": ("35 x 180 cm", "35 x 180 ซม.", "N"),
    "50x200-cm": ("50 x 200 cm", "50 x 200 ซม.", "W"),
    "60x200-cm": ("60 x 200 cm", "60 x 200 ซม.", "60X200"),
    "100x200-cm": ("100 x 200 cm", "100 x 200 ซม.", "100X200"),
    "40x40-cm": ("40 x 40 cm", "40 x 40 ซม.", "40"),
    "45x45-cm": ("45 x 45 cm", "45 x 45 ซม.", "45"),
    "30x150-cm": ("30 x 150 cm", "30 x 150 ซม.", "150"),
    "30x200-cm": ("30 x 200 cm", "30 x 200 ซม.", "200"),
    "2-m": ("2 m length", "ยาว 2 เมตร", "2M"),
    "4-m": ("4 m length", "ยาว 4 เมตร", "4M"),
    "5-compartments": ("5 compartments", "5 ช่อง", "5C"),
    "10-compartments": ("10 compartments", "10 ช่อง", "10C"),
}

NET_WEIGHTS_G = [50, 80, 100, 150, 200, 250, 500, 1000]

# --- Attributes ----------------------------------------------------------------------
# values: (slug, English, Thai[, swatch hex])
ATTRIBUTES = [
    {
        "slug": "material",
        "name_en": "Material",
        "name_th": "วัสดุ",
        "input_type": "dropdown",
        "values": [
            ("cotton", "Cotton", "ฝ้าย"),
            ("silk", "Silk", "ไหม"),
            ("krajood", "Krajood sedge", "กระจูด"),
            ("bamboo", "Bamboo", "ไม้ไผ่"),
            ("water-hyacinth", "Water hyacinth", "ผักตบชวา"),
        ],
    },
    {
        "slug": "dye",
        "name_en": "Dye",
        "name_th": "การย้อมสี",
        "input_type": "dropdown",
        "values": [(key, dye["en"], dye["th"]) for key, dye in DYES.items()],
    },
    {
        "slug": "technique",
        "name_en": "Weaving technique",
        "name_th": "เทคนิคการทอและสาน",
        "input_type": "dropdown",
        "values": [
            ("plain-weave", "Plain weave", "ทอลายขัด"),
            ("tapestry", "Tapestry weave (ko)", "ทอเกาะ"),
            ("mudmee", "Mudmee (weft ikat)", "มัดหมี่"),
            ("khit", "Khit (supplementary weft)", "ขิด"),
            ("jok", "Jok (hand-picked supplementary weft)", "จก"),
            ("tie-dye", "Tie-dye on hand-woven cloth", "มัดย้อมบนผ้าทอมือ"),
            ("batik", "Hand-drawn batik", "บาติกเขียนมือ"),
            ("plain-plaiting", "Plain plaiting", "สานลายขัด"),
            ("twill-plaiting", "Twill plaiting", "สานลายสองและลายสาม"),
            ("flower-plaiting", "Flower plaiting", "สานลายดอก"),
            ("braiding", "Braiding and coiling", "ถักเปียและขดเป็นวง"),
        ],
    },
    {
        "slug": "colour",
        "name_en": "Colour",
        "name_th": "สี",
        "input_type": "swatch",
        "values": [(key, c["en"], "สี" + c["th"], c["hex"]) for key, c in COLOURS.items()],
    },
    {
        "slug": "size",
        "name_en": "Size",
        "name_th": "ขนาด",
        "input_type": "dropdown",
        "values": [(key, en, th) for key, (en, th, _code) in SIZES.items()],
    },
    {
        "slug": "fda-number",
        "name_en": "Thai FDA number (อย.)",
        "name_th": "เลขสารบบอาหาร (อย.)",
        "input_type": "plain-text",
        "values": [],
    },
    {
        "slug": "ingredients",
        "name_en": "Ingredients",
        "name_th": "ส่วนประกอบ",
        "input_type": "plain-text",
        "values": [],
    },
    {
        "slug": "net-weight",
        "name_en": "Net weight",
        "name_th": "น้ำหนักสุทธิ",
        "input_type": "numeric",
        "unit": "g",
        "values": [(str(g), str(g), str(g)) for g in NET_WEIGHTS_G],
    },
    {
        "slug": "shelf-life",
        "name_en": "Shelf life",
        "name_th": "อายุการเก็บรักษา",
        "input_type": "dropdown",
        "values": [(f"{m}-months", f"{m} months", f"{m} เดือน") for m in (6, 9, 12, 18, 24)],
    },
    {
        "slug": "allergens",
        "name_en": "Allergens",
        "name_th": "สารก่อภูมิแพ้",
        "input_type": "multiselect",
        "values": [
            ("crustaceans", "Crustaceans (shrimp)", "สัตว์น้ำที่มีเปลือกแข็ง (กุ้ง)"),
            ("fish", "Fish", "ปลา"),
            ("soy", "Soy", "ถั่วเหลือง"),
            ("wheat", "Wheat (gluten)", "ข้าวสาลี (กลูเตน)"),
            ("sesame", "Sesame", "งา"),
            ("peanuts", "Peanuts", "ถั่วลิสง"),
        ],
    },
    {
        "slug": "spiciness",
        "name_en": "Spiciness",
        "name_th": "ระดับความเผ็ด",
        "input_type": "dropdown",
        "values": [
            ("mild", "Mild", "เผ็ดน้อย"),
            ("medium", "Medium", "เผ็ดกลาง"),
            ("hot", "Hot", "เผ็ดมาก"),
        ],
    },
]

# --- Product types --------------------------------------------------------------------
# variant_attributes: (attribute slug, variant selection)
PRODUCT_TYPES = [
    {
        "slug": "textile",
        "name": "Textile",
        "sku": "TEX",
        "weight": 150,
        "product_attributes": ["material", "dye", "technique", "colour"],
        "variant_attributes": [("size", True)],
    },
    {
        "slug": "basketry",
        "name": "Basketry",
        "sku": "BSK",
        "weight": 300,
        "product_attributes": ["material", "technique", "colour"],
        "variant_attributes": [("size", True)],
    },
    {
        "slug": "bag",
        "name": "Bag",
        "sku": "BAG",
        "weight": 350,
        "product_attributes": ["material", "dye", "technique"],
        "variant_attributes": [("size", True), ("colour", True)],
    },
    {
        "slug": "clothing",
        "name": "Clothing",
        "sku": "CLO",
        "weight": 300,
        "product_attributes": ["material", "dye", "technique", "colour"],
        "variant_attributes": [("size", True)],
    },
    {
        "slug": "home-decor",
        "name": "Home decor",
        "sku": "DEC",
        "weight": 400,
        "product_attributes": ["material", "dye", "technique", "colour"],
        "variant_attributes": [("size", True)],
    },
    {
        "slug": "packaged-food",
        "name": "Packaged food",
        "sku": "FOD",
        "weight": 150,
        "product_attributes": ["fda-number", "ingredients", "shelf-life", "allergens", "spiciness"],
        "variant_attributes": [("net-weight", True)],
    },
]

# --- Categories -----------------------------------------------------------------------
# (slug, English, Thai, description English, description Thai, children)
CATEGORIES = [
    (
        "handicrafts",
        "Handicrafts",
        "งานหัตถกรรม",
        "Cloth, baskets, bags and things for the home, made by hand by home-based producer groups "
        "across Thailand with skills handed down in each village.",
        "ผ้า เครื่องจักสาน กระเป๋า และของใช้ในบ้าน ทำด้วยมือโดยกลุ่มผู้ผลิตที่บ้านทั่วประเทศไทย "
        "ด้วยภูมิปัญญาที่สืบทอดกันมาในแต่ละหมู่บ้าน",
        [
            (
                "textiles",
                "Textiles",
                "ผ้าทอ",
                "Hand-woven cotton and silk, dyed with indigo, lac, ebony fruit and bark.",
                "ผ้าฝ้ายและผ้าไหมทอมือ ย้อมด้วยคราม ครั่ง มะเกลือ และเปลือกไม้",
                [
                    (
                        "hand-woven-cotton",
                        "Hand-woven cotton",
                        "ผ้าฝ้ายทอมือ",
                        "Scarves, sarongs and cloth by the length, woven on wooden floor looms in the "
                        "North, the Northeast, the Central plains and the South.",
                        "ผ้าพันคอ ผ้าซิ่น และผ้าผืน ทอด้วยกี่ไม้พื้นบ้านในภาคเหนือ ภาคอีสาน ภาคกลาง และภาคใต้",
                        [],
                    ),
                    (
                        "mudmee-silk",
                        "Mudmee silk",
                        "ผ้าไหมมัดหมี่",
                        "Silk whose weft is tied and dyed before weaving: the signature cloth of the "
                        "Northeast.",
                        "ผ้าไหมที่มัดและย้อมเส้นพุ่งก่อนนำไปทอ ผ้าขึ้นชื่อของภาคอีสาน",
                        [],
                    ),
                    (
                        "natural-dyes",
                        "Natural dyes",
                        "ผ้าย้อมสีธรรมชาติ",
                        "Cloth coloured with indigo, lac, ebony fruit, mangrove bark, leaves and roots, "
                        "without synthetic dyes.",
                        "ผ้าที่ย้อมด้วยคราม ครั่ง มะเกลือ เปลือกโกงกาง ใบไม้ และรากไม้ โดยไม่ใช้สีสังเคราะห์",
                        [],
                    ),
                ],
            ),
            (
                "basketry",
                "Basketry",
                "เครื่องจักสาน",
                "Baskets and boxes plaited from krajood sedge, bamboo and water hyacinth.",
                "ตะกร้าและกล่องที่สานจากกระจูด ไม้ไผ่ และผักตบชวา",
                [
                    (
                        "krajood",
                        "Krajood",
                        "กระจูด",
                        "A soft, strong sedge from the wetlands of the South, plaited flat into baskets "
                        "and mats.",
                        "กระจูดจากพรุทางภาคใต้ เหนียวและนุ่ม นำมาสานเป็นตะกร้าและเสื่อ",
                        [],
                    ),
                    (
                        "bamboo",
                        "Bamboo",
                        "ไม้ไผ่",
                        "Sticky-rice baskets, fruit baskets and trays of split bamboo from the North and "
                        "the Central plains.",
                        "กระติบข้าว ตะกร้า และถาดจากไม้ไผ่จัก จากภาคเหนือและภาคกลาง",
                        [],
                    ),
                    (
                        "water-hyacinth",
                        "Water hyacinth",
                        "ผักตบชวา",
                        "Dried and braided stems of the water hyacinth that clogs the canals of central "
                        "Thailand.",
                        "ก้านผักตบชวาตากแห้งแล้วถักเปีย จากวัชพืชที่ขึ้นเต็มคลองในภาคกลาง",
                        [],
                    ),
                ],
            ),
            (
                "bags",
                "Bags",
                "กระเป๋า",
                "Totes, shoulder bags and clutches in hand-woven cloth, krajood and water hyacinth.",
                "กระเป๋าถือ กระเป๋าสะพาย และคลัตช์ จากผ้าทอมือ กระจูด และผักตบชวา",
                [],
            ),
            (
                "clothing",
                "Clothing",
                "เสื้อผ้า",
                "Shirts, skirts, trousers and dresses cut and sewn at home from hand-woven and batik "
                "cloth.",
                "เสื้อ กระโปรง กางเกง และชุดเดรส ตัดเย็บที่บ้านจากผ้าทอมือและผ้าบาติก",
                [],
            ),
            (
                "home-decor",
                "Home decor",
                "ของแต่งบ้าน",
                "Cushion covers, triangle cushions, table runners, placemats and lamp shades.",
                "ปลอกหมอนอิง หมอนสามเหลี่ยม ผ้าปูกลางโต๊ะ ที่รองจาน และโคมไฟ",
                [],
            ),
        ],
    ),
    (
        "processed-foods",
        "Processed foods",
        "อาหารแปรรูป",
        "Teas, chili pastes, dried fruit, rice crackers and honey, made in community kitchens from "
        "members' own harvests. Every product carries a Thai FDA (อย.) number.",
        "ชาสมุนไพร น้ำพริก ผลไม้อบแห้ง ข้าวตัง และน้ำผึ้ง ผลิตในครัวชุมชนจากผลผลิตของสมาชิก "
        "ทุกรายการมีเลขสารบบอาหาร (อย.)",
        [
            (
                "herbal-tea",
                "Herbal tea",
                "ชาสมุนไพร",
                "Caffeine-free infusions of flowers, leaves and roots, dried in solar dryers.",
                "เครื่องดื่มสมุนไพรไม่มีคาเฟอีน จากดอก ใบ และราก อบแห้งด้วยโรงอบพลังแสงอาทิตย์",
                [],
            ),
            (
                "chili-paste",
                "Chili paste",
                "น้ำพริก",
                "Roasted chili pastes, dry dips and curry pastes from four regions, cooked in small "
                "batches.",
                "น้ำพริกเผา น้ำพริกแห้ง และพริกแกงจากสี่ภาค กวนทีละกระทะเล็ก ๆ",
                [],
            ),
            (
                "dried-fruit",
                "Dried fruit",
                "ผลไม้อบแห้ง",
                "Mango, banana, longan, jackfruit and more, dried in the sun or in solar dryers, many "
                "with no added sugar.",
                "มะม่วง กล้วย ลำไย ขนุน และอื่น ๆ ตากแดดหรืออบในโรงอบพลังแสงอาทิตย์ หลายชนิดไม่เติมน้ำตาล",
                [],
            ),
            (
                "rice-crackers",
                "Rice crackers",
                "ข้าวตังและข้าวแต๋น",
                "Crispy snacks of jasmine rice, riceberry and sticky rice.",
                "ขนมกรอบจากข้าวหอมมะลิ ข้าวไรซ์เบอร์รี่ และข้าวเหนียว",
                [],
            ),
            (
                "honey",
                "Honey",
                "น้ำผึ้ง",
                "Honey from longan, lychee, coffee and rubber-tree blossoms, and from the forest.",
                "น้ำผึ้งจากดอกลำไย ดอกลิ้นจี่ ดอกกาแฟ ดอกยางพารา และจากป่า",
                [],
            ),
        ],
    ),
]

# Paragraphs that close product descriptions, by product type.
CARE = {
    "cotton": (
        "Hand wash in cold water with mild soap and dry in the shade. Naturally dyed cotton grows "
        "softer with every wash; small irregularities are the mark of a hand loom.",
        "ซักมือด้วยน้ำเย็นและสบู่อ่อน ๆ ตากในที่ร่ม ผ้าฝ้ายย้อมสีธรรมชาติจะนุ่มขึ้นทุกครั้งที่ซัก "
        "ความไม่สม่ำเสมอเล็กน้อยคือร่องรอยของการทอด้วยมือ",
    ),
    "silk": (
        "Dry clean, or hand wash gently in cold water with a silk shampoo; never wring. Iron on the "
        "reverse at low heat.",
        "ซักแห้ง หรือซักมือเบา ๆ ด้วยน้ำเย็นและแชมพูสำหรับผ้าไหม ห้ามบิด รีดด้านในด้วยไฟอ่อน",
    ),
    "fibre": (
        "Keep dry and out of strong sun; wipe with a damp cloth and let it air-dry. Natural fibres "
        "may vary a little in shade from piece to piece.",
        "เก็บในที่แห้ง หลีกเลี่ยงแดดจัด ทำความสะอาดด้วยผ้าชุบน้ำหมาด ๆ แล้วผึ่งลมให้แห้ง "
        "เส้นใยธรรมชาติแต่ละชิ้นอาจมีเฉดสีต่างกันเล็กน้อย",
    ),
    "food": (
        "Keep in a cool, dry place away from sunlight; close tightly after opening.",
        "เก็บในที่แห้งและเย็น พ้นแสงแดด ปิดให้สนิทหลังเปิดใช้",
    ),
}

FAIR_TRADE_LINES = [
    (
        "Every purchase pays the makers a price agreed with them in advance, and a premium goes to "
        "their group's welfare fund.",
        "ทุกการซื้อจ่ายราคาที่ตกลงกับผู้ผลิตไว้ล่วงหน้า และมีเงินพรีเมียมเข้ากองทุนสวัสดิการของกลุ่ม",
    ),
    (
        "The group set the price of this piece together with us, from the hours it takes and a fair "
        "day's wage.",
        "กลุ่มกำหนดราคาชิ้นนี้ร่วมกับเรา โดยคิดจากเวลาที่ใช้ทำงานจริงและค่าแรงที่เป็นธรรม",
    ),
    (
        "Bought on fair-trade terms: fair price, prompt payment and equal pay for women and men.",
        "ซื้อขายตามหลักการค้าที่เป็นธรรม ทั้งราคาที่เป็นธรรม การจ่ายเงินตรงเวลา และค่าตอบแทนที่เท่าเทียมระหว่างหญิงและชาย",
    ),
]
