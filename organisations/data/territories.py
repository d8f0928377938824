"""Morocco's 12 regions and their 75 provinces and prefectures (2015 territorial division).

Reference data, loaded by a data migration. Each province: (French name, Arabic name, kind).
"""

P, F = "province", "prefecture"

REGIONS = [
    (
        "01",
        "Tanger-Tétouan-Al Hoceïma",
        "طنجة تطوان الحسيمة",
        [
            ("Tanger-Assilah", "طنجة أصيلة", F),
            ("M'diq-Fnideq", "المضيق الفنيدق", F),
            ("Tétouan", "تطوان", P),
            ("Fahs-Anjra", "الفحص أنجرة", P),
            ("Larache", "العرائش", P),
            ("Al Hoceïma", "الحسيمة", P),
            ("Chefchaouen", "شفشاون", P),
            ("Ouezzane", "وزان", P),
        ],
    ),
    (
        "02",
        "L'Oriental",
        "الشرق",
        [
            ("Oujda-Angad", "وجدة أنكاد", F),
            ("Nador", "الناظور", P),
            ("Driouch", "الدريوش", P),
            ("Jerada", "جرادة", P),
            ("Berkane", "بركان", P),
            ("Taourirt", "تاوريرت", P),
            ("Guercif", "جرسيف", P),
            ("Figuig", "فجيج", P),
        ],
    ),
    (
        "03",
        "Fès-Meknès",
        "فاس مكناس",
        [
            ("Fès", "فاس", F),
            ("Meknès", "مكناس", F),
            ("El Hajeb", "الحاجب", P),
            ("Ifrane", "إفران", P),
            ("Moulay Yacoub", "مولاي يعقوب", P),
            ("Sefrou", "صفرو", P),
            ("Boulemane", "بولمان", P),
            ("Taounate", "تاونات", P),
            ("Taza", "تازة", P),
        ],
    ),
    (
        "04",
        "Rabat-Salé-Kénitra",
        "الرباط سلا القنيطرة",
        [
            ("Rabat", "الرباط", F),
            ("Salé", "سلا", F),
            ("Skhirate-Témara", "الصخيرات تمارة", F),
            ("Kénitra", "القنيطرة", P),
            ("Khémisset", "الخميسات", P),
            ("Sidi Kacem", "سيدي قاسم", P),
            ("Sidi Slimane", "سيدي سليمان", P),
        ],
    ),
    (
        "05",
        "Béni Mellal-Khénifra",
        "بني ملال خنيفرة",
        [
            ("Béni Mellal", "بني ملال", P),
            ("Azilal", "أزيلال", P),
            ("Fquih Ben Salah", "الفقيه بن صالح", P),
            ("Khénifra", "خنيفرة", P),
            ("Khouribga", "خريبكة", P),
        ],
    ),
    (
        "06",
        "Casablanca-Settat",
        "الدار البيضاء سطات",
        [
            ("Casablanca", "الدار البيضاء", F),
            ("Mohammédia", "المحمدية", F),
            ("El Jadida", "الجديدة", P),
            ("Nouaceur", "النواصر", P),
            ("Médiouna", "مديونة", P),
            ("Benslimane", "بنسليمان", P),
            ("Berrechid", "برشيد", P),
            ("Settat", "سطات", P),
            ("Sidi Bennour", "سيدي بنور", P),
        ],
    ),
    (
        "07",
        "Marrakech-Safi",
        "مراكش آسفي",
        [
            ("Marrakech", "مراكش", F),
            ("Chichaoua", "شيشاوة", P),
            ("Al Haouz", "الحوز", P),
            ("El Kelâa des Sraghna", "قلعة السراغنة", P),
            ("Essaouira", "الصويرة", P),
            ("Rehamna", "الرحامنة", P),
            ("Safi", "آسفي", P),
            ("Youssoufia", "اليوسفية", P),
        ],
    ),
    (
        "08",
        "Drâa-Tafilalet",
        "درعة تافيلالت",
        [
            ("Errachidia", "الرشيدية", P),
            ("Ouarzazate", "ورزازات", P),
            ("Midelt", "ميدلت", P),
            ("Tinghir", "تنغير", P),
            ("Zagora", "زاكورة", P),
        ],
    ),
    (
        "09",
        "Souss-Massa",
        "سوس ماسة",
        [
            ("Agadir Ida-Outanane", "أكادير إداوتنان", F),
            ("Inezgane-Aït Melloul", "إنزكان أيت ملول", F),
            ("Chtouka-Aït Baha", "اشتوكة أيت باها", P),
            ("Taroudant", "تارودانت", P),
            ("Tiznit", "تيزنيت", P),
            ("Tata", "طاطا", P),
        ],
    ),
    (
        "10",
        "Guelmim-Oued Noun",
        "كلميم واد نون",
        [
            ("Guelmim", "كلميم", P),
            ("Assa-Zag", "آسا الزاك", P),
            ("Tan-Tan", "طانطان", P),
            ("Sidi Ifni", "سيدي إفني", P),
        ],
    ),
    (
        "11",
        "Laâyoune-Sakia El Hamra",
        "العيون الساقية الحمراء",
        [
            ("Laâyoune", "العيون", P),
            ("Boujdour", "بوجدور", P),
            ("Tarfaya", "طرفاية", P),
            ("Es-Semara", "السمارة", P),
        ],
    ),
    (
        "12",
        "Dakhla-Oued Ed-Dahab",
        "الداخلة وادي الذهب",
        [
            ("Oued Ed-Dahab", "وادي الذهب", P),
            ("Aousserd", "أوسرد", P),
        ],
    ),
]


def load(region_model, province_model) -> None:
    """Create or update every region and province; safe to run again."""
    for code, name_fr, name_ar, provinces in REGIONS:
        region, _ = region_model.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar}
        )
        for index, (p_fr, p_ar, kind) in enumerate(provinces, start=1):
            province_model.objects.update_or_create(
                code=f"{code}{index:02d}",
                defaults={"region": region, "name_fr": p_fr, "name_ar": p_ar, "kind": kind},
            )
