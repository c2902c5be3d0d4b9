"""Shop-wide content as plain data: site settings, tax rate, collections, pages and menus.

Page bodies are lists of ``(block type, data)`` pairs turned into Editor.js by
``editorjs.document``: ``("header", text)``, ``("paragraph", text)``,
``("list", [items])``.  The facts about HomeNet Thailand Brand and fair trade
follow docs/DOMAIN (shared/DOMAIN.md); the producer groups are fictional.
"""

from __future__ import annotations

import datetime

from .groups import PRODUCER_GROUPS, REGIONS

CHANNEL = {
    "slug": "default-channel",
    "name": "Thailand",
    "currency_code": "THB",
    "default_country": "TH",
}

TAX_RATE = {
    "country": "TH",
    "rate": "7.0000",
    "valid_from": datetime.date(1992, 1, 1),
    "source": (
        "Thai Revenue Code, section 80 (value added tax, statutory rate 10%), reduced to 6.3% by "
        "royal decree under the Revenue Code (extended by successive decrees), plus local tax of "
        "one-ninth of the VAT (0.7%): 7% in total. VAT has applied since 1 January 1992."
    ),
}

ADMIN = {"email": "admin@example.com", "password": "admin"}

SITE = {
    "name": "HomeNet Thailand Brand",
    "description": "Handicrafts and processed foods from 25 home-based producer groups across "
    "Thailand, traded fairly.",
    "header_text": "Made at home by women's groups across Thailand, paid fairly",
    "default_mail_sender_name": "HomeNet Thailand Brand",
    "default_mail_sender_address": "shop@example.com",
    "company_name": "HomeNet Thailand Brand",
    "company_street": "88/12 Soi Suk Samran 4, Phahonyothin Road, Lat Yao",
    "company_city": "Chatuchak",
    "company_country_area": "Bangkok",
    "company_postal_code": "10900",
    "description_th": "งานหัตถกรรมและอาหารแปรรูปจากกลุ่มผู้ผลิตที่บ้าน 25 กลุ่มทั่วประเทศไทย ค้าขายอย่างเป็นธรรม",
    "header_text_th": "ทำที่บ้านโดยกลุ่มผู้หญิงทั่วไทย ได้ค่าตอบแทนที่เป็นธรรม",
}

# Collections: ``rule`` names a selection in loader._collection_products.
COLLECTIONS = [
    {
        "slug": "featured-products",
        "name_en": "Featured products",
        "name_th": "สินค้าแนะนำ",
        "rule": "featured",
        "description_en": "A few favourites from across the producer groups: cloth, baskets and "
        "something good to eat.",
        "description_th": "สินค้าเด่นที่คัดมาจากหลายกลุ่มผู้ผลิต ทั้งผ้า เครื่องจักสาน และของอร่อย",
    },
    {
        "slug": "new-arrivals",
        "name_en": "New arrivals",
        "name_th": "สินค้ามาใหม่",
        "rule": "new",
        "description_en": "The latest pieces to arrive from the groups' looms, workshops and kitchens.",
        "description_th": "สินค้าล่าสุดจากกี่ทอผ้า โรงเรือน และครัวของกลุ่มผู้ผลิต",
    },
    {
        "slug": "mudmee-silk-from-the-northeast",
        "name_en": "Mudmee silk from the Northeast",
        "name_th": "ผ้าไหมมัดหมี่จากภาคอีสาน",
        "rule": "northeast-silk",
        "description_en": "Silk tied, dyed and woven by hand in the villages of the Northeast, where "
        "each pattern is tied into the thread before it reaches the loom.",
        "description_th": "ผ้าไหมที่มัด ย้อม และทอด้วยมือในหมู่บ้านภาคอีสาน ทุกลวดลายถูกมัดลงบนเส้นไหมก่อนขึ้นกี่",
    },
    {
        "slug": "gifts-under-500-baht",
        "name_en": "Gifts under 500 baht",
        "name_th": "ของขวัญราคาต่ำกว่า 500 บาท",
        "rule": "under-500",
        "description_en": "Small presents with a story: handkerchiefs, baskets, teas, honey and more, "
        "all under 500 baht.",
        "description_th": "ของขวัญชิ้นเล็กที่มีเรื่องราว ทั้งผ้าเช็ดหน้า ตะกร้า ชาสมุนไพร น้ำผึ้ง และอื่น ๆ "
        "ราคาต่ำกว่า 500 บาท",
    },
    {
        "slug": "from-the-womens-groups-of-the-south",
        "name_en": "From the women's groups of the South",
        "name_th": "จากกลุ่มผู้หญิงภาคใต้",
        "rule": "south",
        "description_en": "Krajood from the lake wetlands, batik from the Andaman coast, cotton from "
        "Trang, honey and chili pastes from the Gulf.",
        "description_th": "กระจูดจากพรุริมทะเลสาบ ผ้าบาติกจากฝั่งอันดามัน ผ้าฝ้ายจากตรัง น้ำผึ้งและน้ำพริกจากฝั่งอ่าวไทย",
    },
]

# Categories and collections get drawn background images: (pattern, colours).
BACKGROUND_PALETTES = {
    "handicrafts": ("mudmee", ["#A3243B", "#EFE6D2", "#D9A22E"]),
    "textiles": ("flowing-water", ["#2F3E75", "#EFE6D2", "#6F8FBF"]),
    "hand-woven-cotton": ("stripe", ["#EFE6D2", "#2F3E75", "#7A4B2A"]),
    "mudmee-silk": ("mudmee", ["#2F3E75", "#D9A22E", "#A3243B"]),
    "natural-dyes": ("tie-dye", ["#2F3E75", "#EFE6D2", "#6F8FBF"]),
    "basketry": ("lai-song", ["#CDAE74", "#7A4B2A"]),
    "krajood": ("dok-phikun", ["#CDAE74", "#A3243B"]),
    "bamboo": ("lai-khat", ["#CDAE74", "#8E6B45"]),
    "water-hyacinth": ("lai-sam", ["#B89263", "#8E6B45"]),
    "bags": ("khit", ["#2F3E75", "#EFE6D2", "#A3243B"]),
    "clothing": ("batik", ["#5F7F45", "#EFE6D2", "#D9A22E"]),
    "home-decor": ("jok", ["#A3243B", "#D9A22E", "#2A2626"]),
    "processed-foods": ("food", ["#D08A1E", "#8B2A1A", "#6E8B3D"]),
    "herbal-tea": ("food", ["#2E4BA8", "#9DB04A", "#9E1B32"]),
    "chili-paste": ("food", ["#8B2A1A", "#B2401E", "#D08A1E"]),
    "dried-fruit": ("food", ["#F2A93B", "#8A5A2B", "#E8C547"]),
    "rice-crackers": ("food", ["#EAD7A8", "#5A3452", "#C8742E"]),
    "honey": ("food", ["#B8690B", "#D9A13A", "#8A4B0C"]),
    "featured-products": ("khit", ["#2F3E75", "#EFE6D2", "#D9A22E"]),
    "new-arrivals": ("stripe", ["#5F7F45", "#EFE6D2", "#D9A22E"]),
    "mudmee-silk-from-the-northeast": ("mudmee", ["#5E2B4F", "#D88BA0", "#D9A22E"]),
    "gifts-under-500-baht": ("check", ["#A3243B", "#EFE6D2", "#2F3E75"]),
    "from-the-womens-groups-of-the-south": ("lai-song", ["#CDAE74", "#7A4B2A", "#2A2626"]),
}

PAGE_TYPE = {"slug": "content-page", "name": "Content page"}

PAGE_TOPIC_ATTRIBUTE = {
    "slug": "topic",
    "name_en": "Topic",
    "name_th": "หัวข้อ",
    "values": [
        ("about-us", "About us", "เกี่ยวกับเรา"),
        ("fair-trade", "Fair trade", "การค้าที่เป็นธรรม"),
        ("customer-service", "Customer service", "บริการลูกค้า"),
        ("producers", "Producers", "ผู้ผลิต"),
    ],
}

ABOUT_EN = [
    ("header", "Who we are"),
    (
        "paragraph",
        "HomeNet Thailand Brand is a social enterprise set up in 2017 by 25 groups of "
        "home-based producers, with about 1,000 members, most of them women. The groups own the "
        "enterprise together with HomeNet Thailand Association, the network of home-based and "
        "informal workers that stands behind them.",
    ),
    (
        "paragraph",
        "Our members work from their homes and villages in five regions: the North, the "
        "Northeast, the Central plains, the South and Bangkok. They make handicrafts with skills "
        "handed down in their communities, process foods from their own harvests, and produce to "
        "order (OEM) for brand clients.",
    ),
    ("header", "What we stand for"),
    (
        "list",
        [
            "Fair Trade: prices agreed with the producers, prompt payment and equal pay for women and men.",
            "Social and Solidarity Economy: the enterprise belongs to the groups that make the products, "
            "and what it earns serves their members.",
            "Care for the environment: natural dyes, local materials and as little waste as we can manage.",
        ],
    ),
    ("header", "Part of a wider network"),
    (
        "paragraph",
        "HomeNet Thailand brings together five regional networks with 6,637 members in "
        "about 41 occupations. It helps members build savings and welfare funds, work safely at home, "
        "join social security as informal workers, and use their rights under the Homeworkers "
        "Protection Act.",
    ),
]

ABOUT_TH = [
    ("header", "เราคือใคร"),
    (
        "paragraph",
        "HomeNet Thailand Brand เป็นวิสาหกิจเพื่อสังคมที่ก่อตั้งขึ้นในปี 2560 โดยกลุ่มผู้ผลิตที่บ้าน "
        "25 กลุ่ม มีสมาชิกประมาณ 1,000 คน ส่วนใหญ่เป็นผู้หญิง กลุ่มผู้ผลิตเป็นเจ้าของกิจการร่วมกับ "
        "HomeNet Thailand Association เครือข่ายของผู้ทำงานที่บ้านและแรงงานนอกระบบที่คอยสนับสนุนกลุ่มต่าง ๆ",
    ),
    (
        "paragraph",
        "สมาชิกของเราทำงานที่บ้านและในชุมชนของตนเองใน 5 ภูมิภาค ได้แก่ ภาคเหนือ "
        "ภาคตะวันออกเฉียงเหนือ ภาคกลาง ภาคใต้ และกรุงเทพมหานคร ผลิตงานหัตถกรรมด้วยภูมิปัญญาที่สืบทอดกันมา"
        "ในชุมชน แปรรูปอาหารจากผลผลิตของตนเอง และรับผลิตสินค้าตามสั่ง (OEM) ให้กับแบรนด์ต่าง ๆ",
    ),
    ("header", "สิ่งที่เรายึดถือ"),
    (
        "list",
        [
            "การค้าที่เป็นธรรม: ราคาที่ตกลงร่วมกับผู้ผลิต จ่ายเงินตรงเวลา และค่าตอบแทนที่เท่าเทียมกันระหว่างหญิงและชาย",
            "เศรษฐกิจสังคมและสมานฉันท์: กิจการเป็นของกลุ่มผู้ผลิต และรายได้กลับคืนสู่สมาชิก",
            "ใส่ใจสิ่งแวดล้อม: ใช้สีธรรมชาติ วัตถุดิบในท้องถิ่น และลดของเหลือทิ้งให้มากที่สุด",
        ],
    ),
    ("header", "ส่วนหนึ่งของเครือข่ายที่กว้างขึ้น"),
    (
        "paragraph",
        "HomeNet Thailand ประกอบด้วยเครือข่ายระดับภาค 5 เครือข่าย มีสมาชิก 6,637 คนในราว 41 อาชีพ "
        "เครือข่ายช่วยให้สมาชิกมีกองทุนออมทรัพย์และกองทุนสวัสดิการ ทำงานที่บ้านได้อย่างปลอดภัย "
        "เข้าถึงประกันสังคมในฐานะแรงงานนอกระบบ และใช้สิทธิตามพระราชบัญญัติคุ้มครองผู้รับงานไปทำที่บ้าน",
    ),
]

FAIR_TRADE_EN = [
    (
        "paragraph",
        "Fair trade is how we set prices and how we pay. These are the promises we make "
        "to every producer group, and the ones you can hold us to.",
    ),
    ("header", "A fair price, agreed together"),
    (
        "paragraph",
        "We agree prices with each group through dialogue before work starts. A price "
        "must pay at least a local living wage for the time the work really takes, counted on a "
        "standard week of no more than 48 hours, and women and men are paid equally for the same work.",
    ),
    ("header", "A wage floor under every piece"),
    (
        "paragraph",
        "Home-based work is often paid by the piece. Following the Homeworkers Protection "
        "Act B.E. 2553 (2010), a piece rate is never lower than the province's minimum daily wage "
        "divided by the number of pieces a worker can make in eight hours. Every order comes with a "
        "written contract in Thai stating the pay and how it is calculated.",
    ),
    ("header", "A premium for the group's own fund"),
    (
        "paragraph",
        "On top of the price we pay a premium into each group's welfare fund. The members "
        "decide together how to use it: savings, school fees, health care or new tools.",
    ),
    ("header", "Paid on time, paid in advance when needed"),
    (
        "paragraph",
        "We pay promptly once goods and documents arrive. When a group asks, we pay at "
        "least half of an order's value in advance, interest-free for handicrafts, so nobody has to "
        "borrow to buy cotton or silk. If we cancel an order for a reason that is not the group's "
        "doing, we pay for the work already done.",
    ),
]

FAIR_TRADE_TH = [
    (
        "paragraph",
        "การค้าที่เป็นธรรมคือวิธีที่เรากำหนดราคาและจ่ายเงิน ต่อไปนี้คือคำมั่นที่เราให้ไว้กับกลุ่มผู้ผลิตทุกกลุ่ม "
        "และเป็นสิ่งที่คุณตรวจสอบเราได้",
    ),
    ("header", "ราคาที่เป็นธรรม ตกลงร่วมกัน"),
    (
        "paragraph",
        "เราตกลงราคากับแต่ละกลุ่มด้วยการพูดคุยกันก่อนเริ่มงาน ราคาต้องครอบคลุมค่าครองชีพที่เหมาะสม"
        "ในท้องถิ่นเป็นอย่างน้อย ตามเวลาที่ใช้ทำงานจริง โดยคิดจากสัปดาห์ทำงานปกติไม่เกิน 48 ชั่วโมง "
        "และผู้หญิงกับผู้ชายได้ค่าตอบแทนเท่ากันสำหรับงานเดียวกัน",
    ),
    ("header", "ค่าแรงขั้นต่ำในทุกชิ้นงาน"),
    (
        "paragraph",
        "งานที่รับไปทำที่บ้านมักจ่ายเป็นรายชิ้น ตามพระราชบัญญัติคุ้มครองผู้รับงานไปทำที่บ้าน พ.ศ. 2553 "
        "ค่าจ้างต่อชิ้นต้องไม่ต่ำกว่าค่าจ้างขั้นต่ำรายวันของจังหวัดหารด้วยจำนวนชิ้นที่ทำได้ในแปดชั่วโมง "
        "ทุกคำสั่งผลิตมีสัญญาเป็นลายลักษณ์อักษรภาษาไทย ระบุค่าตอบแทนและวิธีคำนวณ",
    ),
    ("header", "เงินพรีเมียมเข้ากองทุนของกลุ่ม"),
    (
        "paragraph",
        "นอกจากราคาสินค้า เรายังจ่ายเงินพรีเมียมเข้ากองทุนสวัสดิการของแต่ละกลุ่ม สมาชิกตัดสินใจร่วมกัน"
        "ว่าจะใช้เงินนี้อย่างไร เช่น ออมทรัพย์ ค่าเล่าเรียนลูก ค่ารักษาพยาบาล หรือซื้ออุปกรณ์ใหม่",
    ),
    ("header", "จ่ายตรงเวลา และจ่ายล่วงหน้าเมื่อจำเป็น"),
    (
        "paragraph",
        "เราจ่ายเงินทันทีเมื่อได้รับสินค้าและเอกสารครบ หากกลุ่มร้องขอ เราจ่ายล่วงหน้าอย่างน้อยครึ่งหนึ่ง"
        "ของมูลค่าคำสั่งซื้อ โดยไม่คิดดอกเบี้ยสำหรับงานหัตถกรรม เพื่อไม่ให้ใครต้องกู้เงินมาซื้อฝ้ายหรือไหม "
        "หากเรายกเลิกคำสั่งซื้อด้วยเหตุที่ไม่ได้เกิดจากกลุ่ม เราจ่ายค่างานที่ทำไปแล้ว",
    ),
]

SHIPPING_EN = [
    ("header", "Shipping"),
    (
        "paragraph",
        "We ship across Thailand. Your order may be packed by more than one producer "
        "group, each sending its part straight from its village, so it can arrive in more than one "
        "parcel. Most parcels arrive within 2 to 5 working days of dispatch.",
    ),
    (
        "paragraph",
        "If an item has to be made after you order it, we e-mail you the date we expect "
        "to send it.",
    ),
    ("header", "Returns"),
    (
        "paragraph",
        "Hand-made goods vary a little from piece to piece; that is part of their "
        "character. If something arrives damaged or is not what you ordered, tell us within 7 days "
        "of delivery and we will replace it or refund you, shipping included.",
    ),
    (
        "paragraph",
        "For hygiene reasons we cannot take back food once its seal is broken. Unused "
        "handicrafts in their original condition can be returned within 14 days; you pay the return "
        "postage.",
    ),
    ("header", "Payment"),
    (
        "paragraph",
        "We accept cards and PromptPay. A PromptPay payment is taken at once; if a group "
        "cannot make an item, we refund that item to you.",
    ),
]

SHIPPING_TH = [
    ("header", "การจัดส่ง"),
    (
        "paragraph",
        "เราจัดส่งทั่วประเทศไทย คำสั่งซื้อของคุณอาจแพ็กโดยกลุ่มผู้ผลิตมากกว่าหนึ่งกลุ่ม แต่ละกลุ่มส่ง"
        "สินค้าส่วนของตนตรงจากหมู่บ้าน คุณจึงอาจได้รับพัสดุมากกว่าหนึ่งกล่อง พัสดุส่วนใหญ่ถึงมือภายใน "
        "2–5 วันทำการหลังจัดส่ง",
    ),
    ("paragraph", "หากสินค้าต้องผลิตหลังจากที่คุณสั่งซื้อ เราจะแจ้งวันที่คาดว่าจะจัดส่งให้ทราบทางอีเมล"),
    ("header", "การคืนสินค้า"),
    (
        "paragraph",
        "งานทำมือแต่ละชิ้นอาจแตกต่างกันเล็กน้อย ซึ่งเป็นเสน่ห์ของงานฝีมือ หากสินค้าชำรุดหรือไม่ตรงกับ"
        "ที่สั่ง โปรดแจ้งเราภายใน 7 วันหลังได้รับสินค้า เราจะเปลี่ยนสินค้าหรือคืนเงินให้ รวมค่าจัดส่ง",
    ),
    (
        "paragraph",
        "ด้วยเหตุผลด้านสุขอนามัย เราไม่รับคืนอาหารที่เปิดผนึกแล้ว งานหัตถกรรมที่ยังไม่ได้ใช้และอยู่ใน"
        "สภาพเดิมส่งคืนได้ภายใน 14 วัน โดยผู้ซื้อเป็นผู้ชำระค่าส่งคืน",
    ),
    ("header", "การชำระเงิน"),
    (
        "paragraph",
        "เรารับชำระด้วยบัตรและพร้อมเพย์ การชำระด้วยพร้อมเพย์จะตัดเงินทันที หากกลุ่มผู้ผลิตไม่สามารถ"
        "ผลิตสินค้ารายการใดได้ เราจะคืนเงินค่าสินค้ารายการนั้นให้คุณ",
    ),
]


def _producer_groups_page() -> tuple[list, list]:
    body_en = [
        (
            "paragraph",
            "HomeNet Thailand Brand is owned by 25 producer groups in five regions. "
            "Each group decides its own prices with us, keeps its own welfare fund and sends its "
            "goods straight from its village.",
        ),
        (
            "paragraph",
            "The groups in this demo shop are invented for demonstration; their villages "
            "and stories are fictional.",
        ),
    ]
    body_th = [
        (
            "paragraph",
            "HomeNet Thailand Brand เป็นของกลุ่มผู้ผลิต 25 กลุ่มใน 5 ภูมิภาค แต่ละกลุ่มกำหนดราคาร่วมกับเรา "
            "มีกองทุนสวัสดิการของตนเอง และส่งสินค้าตรงจากหมู่บ้าน",
        ),
        ("paragraph", "กลุ่มผู้ผลิตในร้านตัวอย่างนี้เป็นกลุ่มสมมติเพื่อการสาธิต ชื่อหมู่บ้านและเรื่องราวไม่ใช่ของจริง"),
    ]
    for region in REGIONS:
        groups = [group for group in PRODUCER_GROUPS if group["region"] == region["key"]]
        body_en.append(("header", region["name_en"]))
        body_th.append(("header", region["name_th"]))
        body_en.append(
            (
                "list",
                [
                    f"{g['name_en']} ({g['province_en']}, {g['members']} members): {g['story_en']}"
                    for g in groups
                ],
            )
        )
        body_th.append(
            (
                "list",
                [
                    f"{g['name_th']} ({g['province_th']} สมาชิก {g['members']} คน): {g['story_th']}"
                    for g in groups
                ],
            )
        )
    return body_en, body_th


_GROUPS_EN, _GROUPS_TH = _producer_groups_page()

PAGES = [
    {
        "slug": "about",
        "title_en": "About HomeNet Thailand Brand",
        "title_th": "เกี่ยวกับ HomeNet Thailand Brand",
        "topic": "about-us",
        "content_en": ABOUT_EN,
        "content_th": ABOUT_TH,
    },
    {
        "slug": "fair-trade",
        "title_en": "Our fair-trade promise",
        "title_th": "คำมั่นการค้าที่เป็นธรรมของเรา",
        "topic": "fair-trade",
        "content_en": FAIR_TRADE_EN,
        "content_th": FAIR_TRADE_TH,
    },
    {
        "slug": "shipping-and-returns",
        "title_en": "Shipping and returns",
        "title_th": "การจัดส่งและการคืนสินค้า",
        "topic": "customer-service",
        "content_en": SHIPPING_EN,
        "content_th": SHIPPING_TH,
    },
    {
        "slug": "producer-groups",
        "title_en": "Producer groups",
        "title_th": "กลุ่มผู้ผลิต",
        "topic": "producers",
        "content_en": _GROUPS_EN,
        "content_th": _GROUPS_TH,
    },
]

# Menus: items link to a category, collection, page or url; ``children`` nest one level.
MENUS = [
    {
        "slug": "navbar",
        "name": "navbar",
        "items": [
            {"name_en": "Handicrafts", "name_th": "งานหัตถกรรม", "category": "handicrafts"},
            {"name_en": "Processed foods", "name_th": "อาหารแปรรูป", "category": "processed-foods"},
            {
                "name_en": "Mudmee silk",
                "name_th": "ผ้าไหมมัดหมี่",
                "collection": "mudmee-silk-from-the-northeast",
            },
            {"name_en": "About us", "name_th": "เกี่ยวกับเรา", "page": "about"},
        ],
    },
    {
        "slug": "footer",
        "name": "footer",
        "items": [
            {
                "name_en": "HomeNet Thailand Brand",
                "name_th": "HomeNet Thailand Brand",
                "children": [
                    {"name_en": "About us", "name_th": "เกี่ยวกับเรา", "page": "about"},
                    {
                        "name_en": "Our fair-trade promise",
                        "name_th": "คำมั่นการค้าที่เป็นธรรมของเรา",
                        "page": "fair-trade",
                    },
                    {"name_en": "Producer groups", "name_th": "กลุ่มผู้ผลิต", "page": "producer-groups"},
                    {
                        "name_en": "HomeNet Thailand Association",
                        "name_th": "สมาคม HomeNet Thailand",
                        "url": "https://www.homenetthailand.org/",
                    },
                ],
            },
            {
                "name_en": "Customer service",
                "name_th": "บริการลูกค้า",
                "children": [
                    {
                        "name_en": "Shipping and returns",
                        "name_th": "การจัดส่งและการคืนสินค้า",
                        "page": "shipping-and-returns",
                    },
                ],
            },
        ],
    },
]
