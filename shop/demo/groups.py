"""The 25 producer groups of the demo shop, as plain data.

All groups, villages and streets are invented; provinces, districts,
subdistricts and postcodes are real places so that addresses look right.
``crafts`` decide which product lines a group makes (a line lists the crafts
it needs; see ``products.PRODUCT_MAKERS``): cotton, silk, natural-dye,
krajood, bamboo, water-hyacinth, bags (sewn bags), clothing, home-decor
(cushions and table linen), herbal-tea, chili-paste, dried-fruit,
rice-crackers, honey.  ``province_code``
is the two-digit Thai province code, used to build plausible (fictional)
FDA numbers for the food groups.

cooperatives/ turns these dicts into ProducerGroup rows; keep keys stable.
"""

from __future__ import annotations

REGIONS = [
    {"key": "north", "name_en": "North", "name_th": "ภาคเหนือ"},
    {"key": "northeast", "name_en": "Northeast", "name_th": "ภาคตะวันออกเฉียงเหนือ"},
    {"key": "central", "name_en": "Central", "name_th": "ภาคกลาง"},
    {"key": "south", "name_en": "South", "name_th": "ภาคใต้"},
    {"key": "bangkok", "name_en": "Bangkok", "name_th": "กรุงเทพมหานคร"},
]

REGION_KEYS = [region["key"] for region in REGIONS]


def _group(
    slug,
    name_en,
    name_th,
    region,
    place,
    street,
    crafts,
    members,
    women,
    founded,
    story_en,
    story_th,
):
    province_en, province_th, province_code, district_en, district_th, sub_en, sub_th, postcode = (
        place
    )
    return {
        "slug": slug,
        "name_en": name_en,
        "name_th": name_th,
        "region": region,
        "province_en": province_en,
        "province_th": province_th,
        "province_code": province_code,
        "district_en": district_en,
        "district_th": district_th,
        "subdistrict_en": sub_en,
        "subdistrict_th": sub_th,
        "postal_code": postcode,
        "street": street,
        "crafts": crafts,
        "members": members,
        "women": women,
        "founded": founded,
        "story_en": story_en,
        "story_th": story_th,
    }


PRODUCER_GROUPS = [
    # --- North -------------------------------------------------------------------
    _group(
        "ban-huai-mai-daeng-weavers",
        "Ban Huai Mai Daeng Weavers Group",
        "กลุ่มทอผ้าบ้านห้วยไม้แดง",
        "north",
        ("Chiang Mai", "เชียงใหม่", "50", "Mae Chaem", "แม่แจ่ม", "Chang Khoeng", "ช่างเคิ่ง", "50270"),
        "23 Moo 7",
        ("cotton", "natural-dye"),
        52,
        50,
        1996,
        "Women in this hill village weave under their stilt houses between rice planting and "
        "harvest. The group began as a savings circle; today it keeps its own cotton seed and "
        "grows, spins and weaves the fibre by hand.",
        "ผู้หญิงในหมู่บ้านบนดอยแห่งนี้ทอผ้าใต้ถุนบ้านในช่วงว่างจากการทำนา กลุ่มเริ่มต้นจากกลุ่มออมทรัพย์ "
        "วันนี้เก็บเมล็ดพันธุ์ฝ้ายไว้ปลูกเอง แล้วปั่นและทอด้วยมือทุกขั้นตอน",
    ),
    _group(
        "ban-thung-fai-indigo-dyers",
        "Ban Thung Fai Indigo Dyers Group",
        "กลุ่มย้อมครามบ้านทุ่งฝ้าย",
        "north",
        ("Phrae", "แพร่", "54", "Mueang Phrae", "เมืองแพร่", "Thung Hong", "ทุ่งโฮ้ง", "54000"),
        "118 Moo 3",
        ("natural-dye", "clothing"),
        38,
        35,
        2003,
        "Indigo vats fed with wood-ash lye and tamarind stand in almost every yard of Ban Thung "
        "Fai. The group sews mor hom shirts, dyes cloth for the whole village, and members take "
        "turns looking after the vats.",
        "หม้อครามที่หมักด้วยน้ำขี้เถ้าและมะขามเปียกตั้งอยู่แทบทุกบ้านในบ้านทุ่งฝ้าย กลุ่มตัดเย็บเสื้อม่อฮ่อม "
        "และรับย้อมผ้าให้คนทั้งหมู่บ้าน สมาชิกผลัดกันดูแลหม้อคราม",
    ),
    _group(
        "ban-nong-ngoen-bamboo-craft",
        "Ban Nong Ngoen Bamboo Craft Group",
        "กลุ่มจักสานไม้ไผ่บ้านหนองเงิน",
        "north",
        ("Nan", "น่าน", "55", "Wiang Sa", "เวียงสา", "Klang Wiang", "กลางเวียง", "55110"),
        "64 Moo 9",
        ("bamboo",),
        27,
        21,
        2008,
        "Older members who learned basketry from their fathers teach the young mothers of the "
        "village. The bamboo comes from a community forest the group replants itself, and every "
        "strip is split by knife.",
        "สมาชิกรุ่นพี่ที่เรียนงานจักสานมาจากพ่อ ถ่ายทอดให้แม่บ้านรุ่นใหม่ในหมู่บ้าน ไผ่ที่ใช้ตัดจากป่าชุมชน"
        "ที่กลุ่มปลูกทดแทนเอง และจักเป็นเส้นด้วยมีดทีละเส้น",
    ),
    _group(
        "ban-huai-nam-sai-tea-women",
        "Ban Huai Nam Sai Women's Tea Group",
        "กลุ่มแม่บ้านชาสมุนไพรบ้านห้วยน้ำใส",
        "north",
        ("Chiang Rai", "เชียงราย", "57", "Mae Suai", "แม่สรวย", "Wawi", "วาวี", "57180"),
        "9 Moo 12",
        ("herbal-tea", "honey"),
        33,
        31,
        2011,
        "On the slopes above Mae Suai the group grows butterfly pea, lemongrass and mulberry "
        "between coffee trees, and keeps bees in the longan orchards. Leaves and flowers dry in "
        "a solar dryer the members built together.",
        "บนเนินเขาในอำเภอแม่สรวย กลุ่มปลูกอัญชัน ตะไคร้ และหม่อนแซมระหว่างต้นกาแฟ และเลี้ยงผึ้งในสวนลำไย "
        "ใบและดอกตากในโรงอบพลังแสงอาทิตย์ที่สมาชิกช่วยกันสร้าง",
    ),
    _group(
        "ban-don-kaeo-sewing",
        "Ban Don Kaeo Sewing Group",
        "กลุ่มตัดเย็บบ้านดอนแก้ว",
        "north",
        ("Chiang Mai", "เชียงใหม่", "50", "San Kamphaeng", "สันกำแพง", "Ton Pao", "ต้นเปา", "50130"),
        "77/2 Moo 4",
        ("clothing", "bags"),
        41,
        39,
        2009,
        "Former garment-factory workers started sewing at home here so that they could look "
        "after their children and parents. They cut and sew hand-woven cloth from the weaving "
        "groups of the North into shirts, skirts and bags.",
        "อดีตคนงานโรงงานตัดเย็บรวมตัวกันรับงานมาทำที่บ้าน เพื่อจะได้ดูแลลูกและพ่อแม่ไปพร้อมกัน "
        "กลุ่มนำผ้าทอมือจากกลุ่มทอผ้าภาคเหนือมาตัดเย็บเป็นเสื้อ กระโปรง และกระเป๋า",
    ),
    # --- Northeast ---------------------------------------------------------------
    _group(
        "ban-nong-bua-mudmee-silk",
        "Ban Nong Bua Mudmee Silk Group",
        "กลุ่มทอผ้าไหมมัดหมี่บ้านหนองบัว",
        "northeast",
        ("Khon Kaen", "ขอนแก่น", "40", "Chonnabot", "ชนบท", "Chonnabot", "ชนบท", "40180"),
        "156 Moo 2",
        ("silk",),
        64,
        62,
        1994,
        "Every household in Ban Nong Bua raises silkworms on its own mulberry. The women tie the "
        "mudmee patterns thread by thread before dyeing, a skill handed from grandmother to "
        "granddaughter; one sarong length can take a month.",
        "ทุกครัวเรือนในบ้านหนองบัวเลี้ยงไหมด้วยใบหม่อนที่ปลูกเอง ผู้หญิงมัดหมี่ทีละลำก่อนนำไปย้อม "
        "เป็นภูมิปัญญาที่สืบทอดจากยายสู่หลาน ผ้าซิ่นหนึ่งผืนอาจใช้เวลาทอนานถึงหนึ่งเดือน",
    ),
    _group(
        "ban-khok-sa-at-indigo-cotton",
        "Ban Khok Sa-at Indigo Cotton Group",
        "กลุ่มผ้าฝ้ายย้อมครามบ้านโคกสะอาด",
        "northeast",
        (
            "Sakon Nakhon",
            "สกลนคร",
            "47",
            "Mueang Sakon Nakhon",
            "เมืองสกลนคร",
            "That Choeng Chum",
            "ธาตุเชิงชุม",
            "47000",
        ),
        "41 Moo 6",
        ("cotton", "natural-dye", "clothing"),
        48,
        45,
        2001,
        "The group grows its own indigo and makes the dye paste by hand. Members dye, weave and "
        "sew, so a shirt from Ban Khok Sa-at passes through the hands of one village from the "
        "field to the last seam.",
        "กลุ่มปลูกต้นครามเองและทำเนื้อครามด้วยมือ สมาชิกทั้งย้อม ทอ และตัดเย็บ เสื้อหนึ่งตัวจากบ้านโคกสะอาด"
        "จึงผ่านมือคนในหมู่บ้านเดียวกันตั้งแต่ในไร่จนถึงฝีเข็มสุดท้าย",
    ),
    _group(
        "ban-don-mun-silk-weavers",
        "Ban Don Mun Silk Weavers Group",
        "กลุ่มทอผ้าไหมบ้านดอนมูล",
        "northeast",
        ("Surin", "สุรินทร์", "32", "Mueang Surin", "เมืองสุรินทร์", "Tha Sawang", "ท่าสว่าง", "32000"),
        "88 Moo 11",
        ("silk",),
        57,
        53,
        1998,
        "The weavers here are known for fine mudmee in deep reds and blacks from lac and ebony "
        "fruit. Young people have come back to the group since it began selling through HomeNet, "
        "and now design new colourways with their mothers.",
        "ช่างทอที่นี่ขึ้นชื่อเรื่องผ้าไหมมัดหมี่เนื้อละเอียด สีแดงและดำเข้มจากครั่งและมะเกลือ คนรุ่นใหม่"
        "กลับมาร่วมกลุ่มมากขึ้นตั้งแต่กลุ่มเริ่มขายผ่าน HomeNet และช่วยแม่ออกแบบโทนสีใหม่ ๆ",
    ),
    _group(
        "ban-nong-khu-women-food",
        "Ban Nong Khu Women's Food Group",
        "กลุ่มแม่บ้านแปรรูปอาหารบ้านหนองคู",
        "northeast",
        (
            "Roi Et",
            "ร้อยเอ็ด",
            "45",
            "Mueang Roi Et",
            "เมืองร้อยเอ็ด",
            "Nuea Mueang",
            "เหนือเมือง",
            "45000",
        ),
        "203 Moo 5",
        ("chili-paste", "rice-crackers"),
        36,
        34,
        2006,
        "The group cooks with jasmine rice and chillies from its members' own fields. Its kitchen "
        "was brought up to food-safety standards with a loan from the members' savings fund, "
        "which has since been repaid in full.",
        "กลุ่มใช้ข้าวหอมมะลิและพริกจากไร่นาของสมาชิกเอง โรงครัวของกลุ่มปรับปรุงจนได้มาตรฐานความปลอดภัย"
        "อาหารด้วยเงินกู้จากกองทุนออมทรัพย์ของสมาชิก ซึ่งตอนนี้ใช้คืนครบแล้ว",
    ),
    _group(
        "ban-huai-sai-khit-pillow",
        "Ban Huai Sai Khit Pillow Group",
        "กลุ่มหมอนขิดบ้านห้วยทราย",
        "northeast",
        (
            "Yasothon",
            "ยโสธร",
            "35",
            "Mueang Yasothon",
            "เมืองยโสธร",
            "Nai Mueang",
            "ในเมือง",
            "35000",
        ),
        "15 Moo 8",
        ("home-decor", "cotton"),
        44,
        40,
        2002,
        "Triangle cushions stuffed with kapok are the pride of the village. Members weave the "
        "khit cloth, sew the cases and fill them with kapok from the trees along the paddy dykes.",
        "หมอนสามเหลี่ยมยัดนุ่นคือความภาคภูมิใจของหมู่บ้าน สมาชิกทอผ้าขิด เย็บปลอก และยัดนุ่นจากต้นนุ่นริมคันนาเอง",
    ),
    # --- Central -----------------------------------------------------------------
    _group(
        "ban-tha-din-daeng-water-hyacinth",
        "Ban Tha Din Daeng Water Hyacinth Group",
        "กลุ่มจักสานผักตบชวาบ้านท่าดินแดง",
        "central",
        (
            "Phra Nakhon Si Ayutthaya",
            "พระนครศรีอยุธยา",
            "14",
            "Bang Sai",
            "บางไทร",
            "Bang Sai",
            "บางไทร",
            "13190",
        ),
        "39 Moo 1",
        ("water-hyacinth",),
        35,
        33,
        2005,
        "Water hyacinth chokes the canals near Bang Sai every dry season. The group pulls it "
        "out, dries the stems in the sun and braids them into baskets and bags, turning a "
        "nuisance into income.",
        "ผักตบชวาขึ้นเต็มคลองใกล้บางไทรทุกหน้าแล้ง กลุ่มช่วยกันเก็บขึ้นมา ตากแดดให้แห้ง แล้วถักสาน"
        "เป็นตะกร้าและกระเป๋า เปลี่ยนวัชพืชให้กลายเป็นรายได้",
    ),
    _group(
        "ban-rang-bua-weavers",
        "Ban Rang Bua Weavers Group",
        "กลุ่มทอผ้าบ้านรางบัว",
        "central",
        ("Ratchaburi", "ราชบุรี", "70", "Mueang Ratchaburi", "เมืองราชบุรี", "Khu Bua", "คูบัว", "70000"),
        "52 Moo 10",
        ("cotton", "home-decor"),
        42,
        40,
        1999,
        "Descendants of Tai Yuan weavers, the members keep jok weaving alive, lifting each "
        "supplementary thread with a porcupine quill. Table runners and cushion covers are "
        "smaller pieces they weave between long sarong commissions.",
        "สมาชิกเป็นลูกหลานชาวไทยวน สืบสานการทอผ้าจกโดยใช้ขนเม่นเกี่ยวเส้นด้ายทีละเส้น ผ้าปูโต๊ะ"
        "และปลอกหมอนเป็นงานชิ้นเล็กที่ทอระหว่างรอทอผ้าซิ่นผืนยาวตามสั่ง",
    ),
    _group(
        "ban-khlong-mai-herb-women",
        "Ban Khlong Mai Women's Herb Group",
        "กลุ่มแม่บ้านสมุนไพรบ้านคลองใหม่",
        "central",
        ("Nakhon Pathom", "นครปฐม", "73", "Sam Phran", "สามพราน", "Tha Talat", "ท่าตลาด", "73110"),
        "140 Moo 3",
        ("herbal-tea", "dried-fruit"),
        29,
        28,
        2010,
        "The group farms herbs without chemicals on land along the Tha Chin River and runs its "
        "own drying house. Members are paid by the hour for drying-house work, and part of every "
        "sale goes to the group's welfare fund.",
        "กลุ่มปลูกสมุนไพรแบบไม่ใช้สารเคมีบนที่ดินริมแม่น้ำท่าจีน และมีโรงอบแห้งของกลุ่มเอง สมาชิก"
        "ได้ค่าแรงตามชั่วโมงที่ทำงานในโรงอบ และรายได้ส่วนหนึ่งจากการขายเข้ากองทุนสวัสดิการของกลุ่ม",
    ),
    _group(
        "ban-rim-khlong-women-food",
        "Ban Rim Khlong Women's Food Group",
        "กลุ่มแม่บ้านแปรรูปอาหารบ้านริมคลอง",
        "central",
        ("Samut Songkhram", "สมุทรสงคราม", "75", "Amphawa", "อัมพวา", "Amphawa", "อัมพวา", "75110"),
        "7/1 Moo 6",
        ("chili-paste", "dried-fruit"),
        31,
        30,
        2004,
        "Among the orchards around Amphawa the group makes roasted chili paste sweetened with "
        "local coconut sugar and sun-dries bananas and mangoes from members' gardens. Its work "
        "follows the seasons of the orchards.",
        "ในสวนผลไม้รอบอัมพวา กลุ่มทำน้ำพริกเผาที่หวานด้วยน้ำตาลมะพร้าวของชุมชน และตากกล้วยกับมะม่วง"
        "จากสวนของสมาชิก งานของกลุ่มหมุนไปตามฤดูกาลของสวน",
    ),
    _group(
        "ban-sao-thong-bamboo-weavers",
        "Ban Sao Thong Bamboo Weavers Group",
        "กลุ่มจักสานไม้ไผ่บ้านเสาธง",
        "central",
        ("Ang Thong", "อ่างทอง", "15", "Pho Thong", "โพธิ์ทอง", "Inthapramun", "อินทประมูล", "14120"),
        "96 Moo 2",
        ("bamboo",),
        26,
        22,
        2007,
        "Basketry has been the village's dry-season work for generations. Besides the sticky-rice "
        "baskets their grandparents made, members now make lamp shades and fruit baskets in a "
        "shared workshop where they can bring their children.",
        "งานจักสานเป็นอาชีพหน้าแล้งของหมู่บ้านมาหลายชั่วอายุคน นอกจากกระติบข้าวแบบที่ปู่ย่าตายายเคยทำ "
        "วันนี้สมาชิกยังทำโคมไฟและตะกร้าผลไม้ในโรงเรือนที่ใช้ร่วมกัน ซึ่งพาลูกมาด้วยได้",
    ),
    # --- South -------------------------------------------------------------------
    _group(
        "ban-hua-pa-krajood-weavers",
        "Ban Hua Pa Krajood Weavers Group",
        "กลุ่มจักสานกระจูดบ้านหัวป่า",
        "south",
        ("Phatthalung", "พัทลุง", "93", "Khuan Khanun", "ควนขนุน", "Thale Noi", "ทะเลน้อย", "93150"),
        "58 Moo 4",
        ("krajood",),
        46,
        44,
        2000,
        "Krajood sedge grows wild in the swamps by the lake. Members harvest it, press it flat, "
        "dye some strands with plant colours and plait mats, baskets and bags in the patterns "
        "their mothers taught them.",
        "กระจูดขึ้นเองตามพรุริมทะเลสาบ สมาชิกเก็บมาทุบให้แบน ย้อมสีจากพืชบางส่วน แล้วสานเป็นเสื่อ "
        "ตะกร้า และกระเป๋า ด้วยลายที่แม่สอนมา",
    ),
    _group(
        "ban-khuan-rak-weavers",
        "Ban Khuan Rak Weavers Group",
        "กลุ่มทอผ้าบ้านควนรัก",
        "south",
        ("Trang", "ตรัง", "92", "Na Yong", "นาโยง", "Na Muen Si", "นาหมื่นศรี", "92170"),
        "21 Moo 3",
        ("cotton", "home-decor"),
        39,
        37,
        1997,
        "The group weaves fine cotton with small, dense patterns on looms kept in a shared "
        "weaving house. Elders who remember more than fifty old patterns are writing them down "
        "for the younger weavers.",
        "กลุ่มทอผ้าฝ้ายเนื้อละเอียดลายเล็กถี่บนกี่พื้นบ้านในโรงทอของชุมชน ผู้เฒ่าที่จำลายโบราณได้กว่า"
        "ห้าสิบลายกำลังช่วยกันบันทึกลงกระดาษไว้ให้ช่างทอรุ่นใหม่",
    ),
    _group(
        "ban-laem-sai-women-food",
        "Ban Laem Sai Women's Food Group",
        "กลุ่มแม่บ้านแปรรูปอาหารบ้านแหลมทราย",
        "south",
        (
            "Nakhon Si Thammarat",
            "นครศรีธรรมราช",
            "80",
            "Pak Phanang",
            "ปากพนัง",
            "Pak Phanang Fang Tawan Ok",
            "ปากพนังฝั่งตะวันออก",
            "80140",
        ),
        "310 Moo 1",
        ("chili-paste", "rice-crackers"),
        34,
        34,
        2005,
        "Wives of small-boat fishers started the group to add value to the catch. Its "
        "smoked-shrimp chili paste and southern curry pastes use shrimp bought at a fair price "
        "from the village's own boats.",
        "กลุ่มเริ่มจากภรรยาชาวประมงเรือเล็กที่อยากเพิ่มมูลค่าให้สัตว์น้ำที่จับได้ น้ำพริกกุ้งเสียบและพริกแกงใต้"
        "ของกลุ่มใช้กุ้งที่รับซื้อในราคาเป็นธรรมจากเรือของคนในหมู่บ้านเอง",
    ),
    _group(
        "ban-pa-sai-batik-women",
        "Ban Pa Sai Women's Batik Group",
        "กลุ่มสตรีผ้าบาติกบ้านป่าทราย",
        "south",
        ("Krabi", "กระบี่", "81", "Mueang Krabi", "เมืองกระบี่", "Sai Thai", "ไสไทย", "81000"),
        "12 Moo 5",
        ("natural-dye", "clothing"),
        28,
        28,
        2012,
        "The group draws batik by hand with a canting and dyes it with mangrove bark, indigo "
        "and other plants. Buddhist and Muslim members work side by side in a small workshop "
        "near the coast.",
        "กลุ่มเขียนลายผ้าบาติกด้วยมือโดยใช้จันติ้ง และย้อมด้วยเปลือกโกงกาง คราม และพืชอื่น ๆ สมาชิก"
        "ทั้งชาวพุทธและชาวมุสลิมทำงานเคียงข้างกันในโรงเรือนเล็ก ๆ ใกล้ชายฝั่ง",
    ),
    _group(
        "ban-khao-wong-bee-fruit",
        "Ban Khao Wong Bee and Fruit Group",
        "กลุ่มผึ้งและผลไม้บ้านเขาวง",
        "south",
        ("Chumphon", "ชุมพร", "86", "Mueang Chumphon", "เมืองชุมพร", "Tha Taphao", "ท่าตะเภา", "86000"),
        "45 Moo 9",
        ("honey", "dried-fruit"),
        30,
        26,
        2013,
        "Members keep bees in coffee and fruit orchards and dry bananas and jackfruit in solar "
        "dryers. The group also teaches other villages how to keep bees without harming wild "
        "colonies.",
        "สมาชิกเลี้ยงผึ้งในสวนกาแฟและสวนผลไม้ และอบกล้วยกับขนุนในโรงอบพลังแสงอาทิตย์ กลุ่มยังเป็น"
        "วิทยากรสอนหมู่บ้านอื่นเลี้ยงผึ้งโดยไม่ทำลายรังผึ้งในป่า",
    ),
    # --- Bangkok -----------------------------------------------------------------
    _group(
        "soi-ruam-jai-sewing",
        "Soi Ruam Jai Sewing Group",
        "กลุ่มตัดเย็บซอยร่วมใจ",
        "bangkok",
        ("Bangkok", "กรุงเทพมหานคร", "10", "Bang Khen", "บางเขน", "Anusawari", "อนุสาวรีย์", "10220"),
        "27 Soi Ruam Jai 5",
        ("clothing", "bags"),
        45,
        43,
        2002,
        "Home-based garment workers in one Bangkok soi formed the group to stop depending on "
        "middlemen whose piece rates fell below the minimum wage. They now agree prices for "
        "their work directly and still sew at home.",
        "ผู้รับงานตัดเย็บไปทำที่บ้านในซอยเดียวกันรวมกลุ่มกันเพื่อเลิกพึ่งพาคนกลางที่จ่ายค่าจ้างรายชิ้น"
        "ต่ำกว่าค่าแรงขั้นต่ำ วันนี้สมาชิกตกลงราคางานกันเองโดยตรง และยังเย็บผ้าอยู่ที่บ้าน",
    ),
    _group(
        "samakkhi-tham-bag-makers",
        "Samakkhi Tham Community Bag Makers",
        "กลุ่มผลิตกระเป๋าชุมชนสามัคคีธรรม",
        "bangkok",
        ("Bangkok", "กรุงเทพมหานคร", "10", "Lat Phrao", "ลาดพร้าว", "Lat Phrao", "ลาดพร้าว", "10230"),
        "160/4 Soi Samakkhi Tham 2",
        ("bags", "home-decor"),
        37,
        36,
        2008,
        "Members sew tote bags and cushion covers from hand-woven offcuts sent by weaving groups "
        "in the provinces, so little cloth is wasted. Many care for relatives at home and fit "
        "their sewing around that care.",
        "สมาชิกเย็บกระเป๋าผ้าและปลอกหมอนจากเศษผ้าทอมือที่กลุ่มทอผ้าในต่างจังหวัดส่งมา ผ้าจึงแทบไม่เหลือทิ้ง "
        "หลายคนต้องดูแลคนในครอบครัวที่บ้าน และจัดเวลาเย็บผ้าให้ลงตัวกับการดูแลนั้น",
    ),
    _group(
        "ruam-phatthana-community-kitchen",
        "Ruam Phatthana Community Kitchen",
        "กลุ่มครัวชุมชนร่วมพัฒนา",
        "bangkok",
        ("Bangkok", "กรุงเทพมหานคร", "10", "Min Buri", "มีนบุรี", "Min Buri", "มีนบุรี", "10510"),
        "8 Soi Ruam Phatthana 1",
        ("chili-paste", "rice-crackers"),
        52,
        49,
        2006,
        "A community kitchen on the eastern edge of Bangkok where members cook chili pastes and "
        "crispy rice snacks. The group helps every member sign up for social security as an "
        "informal worker under Section 40.",
        "ครัวชุมชนทางฝั่งตะวันออกของกรุงเทพฯ ที่สมาชิกช่วยกันทำน้ำพริกและข้าวตังกรอบ กลุ่มช่วยให้สมาชิก"
        "ทุกคนสมัครประกันสังคมมาตรา 40 สำหรับแรงงานนอกระบบ",
    ),
    _group(
        "sai-rung-clothing",
        "Sai Rung Community Clothing Group",
        "กลุ่มตัดเย็บเสื้อผ้าชุมชนสายรุ้ง",
        "bangkok",
        (
            "Bangkok",
            "กรุงเทพมหานคร",
            "10",
            "Nong Chok",
            "หนองจอก",
            "Krathum Rai",
            "กระทุ่มราย",
            "10530",
        ),
        "99 Soi Sai Rung",
        ("clothing", "home-decor"),
        40,
        40,
        2010,
        "Muslim and Buddhist women in Nong Chok sew clothing from hand-woven and batik cloth. "
        "The group keeps a small fund that members can borrow from, interest-free, when the "
        "school year begins.",
        "ผู้หญิงมุสลิมและชาวพุทธในหนองจอกร่วมกันตัดเย็บเสื้อผ้าจากผ้าทอมือและผ้าบาติก กลุ่มมีกองทุนเล็ก ๆ "
        "ให้สมาชิกยืมโดยไม่คิดดอกเบี้ยในช่วงเปิดเทอม",
    ),
    _group(
        "suan-som-herbal-women",
        "Suan Som Women's Herbal Group",
        "กลุ่มสตรีสมุนไพรชุมชนสวนส้ม",
        "bangkok",
        (
            "Bangkok",
            "กรุงเทพมหานคร",
            "10",
            "Bang Khun Thian",
            "บางขุนเทียน",
            "Tha Kham",
            "ท่าข้าม",
            "10150",
        ),
        "31 Soi Suan Som",
        ("herbal-tea", "dried-fruit"),
        33,
        32,
        2014,
        "On Bangkok's short stretch of sea coast the group grows herbs in raised beds safe from "
        "salt water and dries them in a shared solar dryer. Replanting the mangroves is part of "
        "every member's work.",
        "บนชายฝั่งทะเลสั้น ๆ ของกรุงเทพฯ กลุ่มปลูกสมุนไพรในแปลงยกสูงให้พ้นน้ำเค็ม และอบแห้งในโรงอบ"
        "พลังแสงอาทิตย์ที่ใช้ร่วมกัน การปลูกป่าชายเลนเป็นส่วนหนึ่งของงานของสมาชิกทุกคน",
    ),
]

GROUPS_BY_SLUG = {group["slug"]: group for group in PRODUCER_GROUPS}
