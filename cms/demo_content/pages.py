"""The awareness section's index and the standard pages (about, legal notice)."""

from . import figure, heading, paragraph

CALL_2023_AR = "طلب عروض المشاريع لسنة 2023 (اتفاقيات دجنبر 2023)"
CALL_2023_FR = "Appel à projets 2023 (conventions de décembre 2023)"

HOME_BODY = {
    "ar": [
        heading("برنامج 2023 بالأرقام"),
        figure("97", "جمعية ممولة في إطار طلب عروض المشاريع لسنة 2023", CALL_2023_AR),
        figure("52", "مشروعا في مجال الديمقراطية التشاركية", CALL_2023_AR),
        figure("45", "مشروعا لولوج الجمعيات إلى الرقمنة", CALL_2023_AR),
    ],
    "fr": [
        heading("Le programme 2023 en chiffres"),
        figure("97", "associations financées par l'appel à projets 2023", CALL_2023_FR),
        figure("52", "projets en démocratie participative", CALL_2023_FR),
        figure("45", "projets d'accès des associations au numérique", CALL_2023_FR),
    ],
}

AWARENESS_INDEX = {
    "slug": "sensibilisation",
    "ar": {
        "title": "التوعية",
        "intro": "مقالات مبسطة عن حقوقكم في المشاركة وعن حماية معطياتكم وسلامتكم الرقمية، "
        "مع مراجعها القانونية.",
    },
    "fr": {
        "title": "Sensibilisation",
        "intro": "Des articles simples sur vos droits de participation, la protection de vos "
        "données et votre sécurité numérique, avec leurs références juridiques.",
    },
}

ABOUT = {
    "slug": "a-propos",
    "ar": {
        "title": "من نحن",
        "intro": "تمكين منصة لتقوية قدرات الجمعيات في مجالي الديمقراطية التشاركية وولوج "
        "الجمعيات إلى الرقمنة.",
        "body": [
            paragraph(
                "<p>تموّل الجهة المانحة جمعيات مكوِّنة عبر اتفاقيات شراكة. تُعدّ هذه الجمعيات "
                "وحدات تكوينية وتؤطرها، ويتابعها أعضاء الجمعيات المستفيدة والمواطنون. ويصبح "
                "ما تحقق فعلا (التسجيل والحضور والشهادات) الإثبات الذي يُصرف على أساسه الشطر "
                "الثاني من التمويل.</p>"
            ),
            paragraph(
                "<p>المنصة متاحة بالعربية والفرنسية، وقسم التوعية مفتوح للجميع دون تسجيل.</p>"
            ),
        ],
    },
    "fr": {
        "title": "À propos",
        "intro": "Tamkeen est une plateforme de renforcement des capacités des associations, "
        "en démocratie participative et en accès au numérique.",
        "body": [
            paragraph(
                "<p>Le bailleur finance des associations formatrices par des conventions de "
                "partenariat. Elles conçoivent et animent des modules de formation, suivis par "
                "les membres des associations bénéficiaires et par les citoyens. Ce qui a "
                "réellement eu lieu (inscriptions, présences, attestations) devient la preuve "
                "sur laquelle la seconde tranche est versée.</p>"
            ),
            paragraph(
                "<p>La plateforme est en arabe et en français ; la rubrique sensibilisation est "
                "ouverte à toutes et à tous, sans inscription.</p>"
            ),
        ],
    },
}

LEGAL_NOTICE = {
    "slug": "mentions-legales",
    "ar": {
        "title": "البيانات القانونية",
        "intro": "هذا موقع تجريبي: أسماء الجمعيات وأرقام تسجيلها (DEMO-…) وهمية.",
        "body": [
            paragraph(
                "<p><b>الناشر:</b> الجهة المانحة المشغِّلة للمنصة، ويُستكمل اسمها وعنوانها عند "
                "النشر الفعلي.</p><p><b>الاستضافة:</b> تُحدَّد عند النشر الفعلي.</p>"
                "<p><b>البرنامج:</b> تمكين برنامج حر منشور بترخيص AGPL-3.0.</p>"
            ),
        ],
    },
    "fr": {
        "title": "Mentions légales",
        "intro": "Ceci est un site de démonstration : les noms des associations et leurs "
        "numéros d'enregistrement (DEMO-…) sont fictifs.",
        "body": [
            paragraph(
                "<p><b>Éditeur :</b> le bailleur qui exploite la plateforme ; nom et adresse à "
                "compléter lors de la mise en service.</p>"
                "<p><b>Hébergement :</b> à préciser lors de la mise en service.</p>"
                "<p><b>Logiciel :</b> Tamkeen est un logiciel libre publié sous licence "
                "AGPL-3.0.</p>"
            ),
        ],
    },
}

# No privacy page here: the privacy notice is /<lang>/privacy/ (accounts), built from the
# deployment's settings (controller, CNDP declaration, retention periods) so it is always true.
STANDARD_PAGES = [ABOUT, LEGAL_NOTICE]
