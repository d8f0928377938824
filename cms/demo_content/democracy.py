"""Awareness articles on participatory democracy."""

from . import PARTICIPATION_PORTAL, faq, figure, heading, legal, link, paragraph

CONSTITUTION_AR = (
    "دستور المملكة المغربية لسنة 2011 (الظهير الشريف رقم 1.11.91 بتاريخ 29 يوليوز 2011)"
)
CONSTITUTION_FR = "Constitution du Royaume du Maroc de 2011 (dahir n° 1-11-91 du 29 juillet 2011)"

CONSTITUTION = {
    "slug": "democratie-participative-constitution",
    "topic": "democracy",
    "ar": {
        "title": "الديمقراطية التشاركية في دستور 2011",
        "intro": "يمنح دستور 2011 المواطنات والمواطنين والجمعيات وسائل للمشاركة في القرار العمومي "
        "بين محطتين انتخابيتين: العرائض والملتمسات وهيئات التشاور.",
        "body": [
            heading("ما معنى الديمقراطية التشاركية؟"),
            paragraph(
                "<p>في الديمقراطية التمثيلية ننتخب من يقرر باسمنا. أما الديمقراطية التشاركية "
                "فتكمّلها: تتيح للمواطنين وللجمعيات أن يقترحوا وأن يُستشاروا وأن يتابعوا "
                "السياسات العمومية طوال الولاية، لا يوم الاقتراع فقط.</p>"
            ),
            heading("ما الذي ينص عليه الدستور؟"),
            paragraph(
                "<ul><li><b>الفصل 12:</b> تساهم جمعيات المجتمع المدني والمنظمات غير الحكومية، "
                "في إطار الديمقراطية التشاركية، في إعداد قرارات ومشاريع المؤسسات المنتخبة "
                "والسلطات العمومية، وفي تفعيلها وتقييمها.</li>"
                "<li><b>الفصل 13:</b> تعمل السلطات العمومية على إحداث هيئات للتشاور قصد إشراك "
                "مختلف الفاعلين الاجتماعيين في إعداد السياسات العمومية وتفعيلها وتنفيذها "
                "وتقييمها.</li>"
                "<li><b>الفصل 14:</b> للمواطنات والمواطنين الحق في تقديم ملتمسات في مجال "
                "التشريع، وفق شروط يحددها قانون تنظيمي.</li>"
                "<li><b>الفصل 15:</b> للمواطنات والمواطنين الحق في تقديم عرائض إلى السلطات "
                "العمومية، ويحدد قانون تنظيمي شروط ذلك.</li>"
                "<li><b>الفصل 139:</b> تضع مجالس الجهات والجماعات الترابية الأخرى آليات "
                "تشاركية للحوار والتشاور، ويمكن للمواطنين والجمعيات تقديم عرائض لمطالبة المجلس "
                "بإدراج نقطة تدخل في اختصاصه ضمن جدول أعماله.</li></ul>"
            ),
            heading("ماذا يعني ذلك لجمعيتكم؟"),
            paragraph(
                "<p>يمكن لجمعيتكم أن تشارك في إعداد برنامج عمل جماعتها، وأن تنضم إلى هيئة "
                "استشارية، وأن تقدم عريضة إلى مجلس جماعتها أو إقليمها أو جهتها. المقالات التالية "
                "في هذا القسم تشرح كل آلية خطوة بخطوة.</p>"
            ),
        ],
        "sources": [
            legal(CONSTITUTION_AR, article="12، 13، 14، 15 و139"),
            link("البوابة الوطنية للمشاركة المواطنة", PARTICIPATION_PORTAL),
        ],
    },
    "fr": {
        "title": "La démocratie participative dans la Constitution de 2011",
        "intro": "La Constitution de 2011 donne aux citoyennes, aux citoyens et aux associations "
        "des moyens de peser sur la décision publique entre deux élections : pétitions, motions "
        "et instances de concertation.",
        "body": [
            heading("Qu'est-ce que la démocratie participative ?"),
            paragraph(
                "<p>Dans la démocratie représentative, nous élisons celles et ceux qui décident "
                "en notre nom. La démocratie participative la complète : elle permet aux "
                "citoyens et aux associations de proposer, d'être consultés et de suivre les "
                "politiques publiques pendant tout le mandat, pas seulement le jour du vote.</p>"
            ),
            heading("Ce que dit la Constitution"),
            paragraph(
                "<ul><li><b>Article 12 :</b> les associations de la société civile et les "
                "organisations non gouvernementales contribuent, dans le cadre de la démocratie "
                "participative, à l'élaboration, la mise en œuvre et l'évaluation des décisions "
                "et des projets des institutions élues et des pouvoirs publics.</li>"
                "<li><b>Article 13 :</b> les pouvoirs publics œuvrent à la création d'instances "
                "de concertation associant les différents acteurs sociaux à l'élaboration, la "
                "mise en œuvre, l'exécution et l'évaluation des politiques publiques.</li>"
                "<li><b>Article 14 :</b> les citoyennes et les citoyens disposent, dans les "
                "conditions fixées par une loi organique, du droit de présenter des motions en "
                "matière législative.</li>"
                "<li><b>Article 15 :</b> les citoyennes et les citoyens disposent du droit de "
                "présenter des pétitions aux pouvoirs publics ; une loi organique en fixe les "
                "conditions.</li>"
                "<li><b>Article 139 :</b> les conseils des régions et des autres collectivités "
                "territoriales mettent en place des mécanismes participatifs de dialogue et de "
                "concertation ; les citoyens et les associations peuvent leur adresser des "
                "pétitions demandant l'inscription à l'ordre du jour d'une question relevant de "
                "leur compétence.</li></ul>"
            ),
            heading("Ce que cela change pour votre association"),
            paragraph(
                "<p>Votre association peut contribuer au plan d'action de sa commune, siéger "
                "dans une instance consultative et adresser une pétition au conseil de sa "
                "commune, de sa province ou de sa région. Les autres articles de cette rubrique "
                "expliquent chaque mécanisme pas à pas.</p>"
            ),
        ],
        "sources": [
            legal(CONSTITUTION_FR, article="12, 13, 14, 15 et 139"),
            link("Portail national de la participation citoyenne", PARTICIPATION_PORTAL),
        ],
    },
}

PETITIONS = {
    "slug": "petitions-pouvoirs-publics",
    "topic": "democracy",
    "ar": {
        "title": "كيف تقدّم عريضة إلى السلطات العمومية",
        "intro": "العريضة طلب مكتوب يوجهه مواطنون إلى السلطات العمومية لتتخذ ما تراه مناسبا "
        "بشأن قضية تهم الشأن العام. ينظمها القانون التنظيمي 44.14 كما غيّره القانون التنظيمي "
        "70.21.",
        "body": [
            heading("من يمكنه تقديم عريضة؟"),
            paragraph(
                "<p>المواطنات والمواطنون المقيمون بالمغرب أو خارجه، المتمتعون بحقوقهم المدنية "
                "والسياسية والمسجلون في اللوائح الانتخابية العامة. تُشكَّل لجنة لتقديم العريضة "
                "تعيّن وكيلا عنها يتواصل مع الإدارة.</p>"
            ),
            heading("إلى من تُوجَّه؟"),
            paragraph(
                "<p>إلى رئيس الحكومة أو رئيس مجلس النواب أو رئيس مجلس المستشارين، حسب موضوعها. "
                "يمكن إيداعها ورقيا أو عبر البوابة الوطنية للمشاركة المواطنة.</p>"
            ),
            heading("الخطوات"),
            paragraph(
                "<ol><li>صياغة مطلب واضح يهم المصلحة العامة، مع عرض أسبابه.</li>"
                "<li>تكوين لجنة التقديم وتعيين وكيلها.</li>"
                "<li>جمع توقيعات المؤيدين مع المعلومات المطلوبة عن كل موقع.</li>"
                "<li>الإيداع ثم تتبع جواب السلطة المعنية.</li></ol>"
            ),
            figure(
                "4000",
                "توقيع مؤيد على الأقل لقبول العريضة (بعد تعديل 2021، يُرجى التحقق)",
                "القانون التنظيمي 70.21",
                PARTICIPATION_PORTAL,
            ),
            faq(
                "أسئلة شائعة",
                [
                    (
                        "هل يمكن أن تتناول العريضة أي موضوع؟",
                        "<p>لا. يستثني القانون بعض المواضيع، منها الثوابت الجامعة للأمة "
                        "والقضايا المعروضة على القضاء. تحققوا من القائمة الكاملة في النص "
                        "الرسمي قبل جمع التوقيعات.</p>",
                    ),
                    (
                        "هل يمكن لجمعية أن تقدم عريضة إلى الحكومة؟",
                        "<p>العريضة إلى السلطات العمومية حق للمواطنين بصفتهم الفردية؛ يمكن "
                        "للجمعية أن تساندها وتنظم جمع التوقيعات. أما العرائض إلى المجالس "
                        "الترابية فمفتوحة للجمعيات أيضا.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal("دستور 2011", article="15"),
            legal(
                "القانون التنظيمي رقم 44.14 المتعلق بتحديد شروط وكيفيات ممارسة الحق في تقديم "
                "العرائض إلى السلطات العمومية، كما تم تغييره بالقانون التنظيمي رقم 70.21",
                threshold="4000 مؤيد (كان 5000 قبل التعديل)",
                to_be_confirmed=True,
            ),
            link("البوابة الوطنية للمشاركة المواطنة", PARTICIPATION_PORTAL),
        ],
    },
    "fr": {
        "title": "Présenter une pétition aux pouvoirs publics",
        "intro": "Une pétition est une demande écrite par laquelle des citoyens invitent les "
        "pouvoirs publics à prendre les mesures qu'ils jugent appropriées sur une question "
        "d'intérêt général. Elle est régie par la loi organique 44-14, modifiée par la loi "
        "organique 70-21.",
        "body": [
            heading("Qui peut présenter une pétition ?"),
            paragraph(
                "<p>Les citoyennes et les citoyens résidant au Maroc ou à l'étranger, jouissant "
                "de leurs droits civils et politiques et inscrits sur les listes électorales "
                "générales. Un comité de présentation est constitué ; il désigne un mandataire "
                "qui dialogue avec l'administration.</p>"
            ),
            heading("À qui l'adresser ?"),
            paragraph(
                "<p>Au Chef du gouvernement, au président de la Chambre des représentants ou au "
                "président de la Chambre des conseillers, selon son objet. Elle peut être "
                "déposée sur papier ou sur le portail national de la participation citoyenne.</p>"
            ),
            heading("Les étapes"),
            paragraph(
                "<ol><li>Rédiger une demande claire, d'intérêt général, avec ses motifs.</li>"
                "<li>Constituer le comité de présentation et désigner son mandataire.</li>"
                "<li>Recueillir les signatures des soutiens avec les informations exigées.</li>"
                "<li>Déposer la pétition, puis suivre la réponse de l'autorité saisie.</li></ol>"
            ),
            figure(
                "4 000",
                "signatures de soutien au minimum pour que la pétition soit recevable "
                "(depuis la réforme de 2021, à vérifier)",
                "Loi organique 70-21",
                PARTICIPATION_PORTAL,
            ),
            faq(
                "Questions fréquentes",
                [
                    (
                        "Une pétition peut-elle porter sur n'importe quel sujet ?",
                        "<p>Non. La loi exclut certains sujets, dont les constantes de la "
                        "nation et les affaires pendantes devant la justice. Vérifiez la liste "
                        "complète dans le texte officiel avant de recueillir des signatures.</p>",
                    ),
                    (
                        "Une association peut-elle présenter une pétition au gouvernement ?",
                        "<p>La pétition aux pouvoirs publics est un droit des citoyens à titre "
                        "individuel ; l'association peut la soutenir et organiser la collecte. "
                        "Les pétitions aux conseils territoriaux, elles, sont ouvertes aux "
                        "associations.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal("Constitution de 2011", article="15"),
            legal(
                "Loi organique n° 44-14 fixant les conditions et modalités d'exercice du "
                "droit de présenter des pétitions aux pouvoirs publics, modifiée par la loi "
                "organique n° 70-21",
                threshold="4 000 soutiens (5 000 avant la réforme)",
                to_be_confirmed=True,
            ),
            link("Portail national de la participation citoyenne", PARTICIPATION_PORTAL),
        ],
    },
}

MOTIONS = {
    "slug": "motions-legislatives",
    "topic": "democracy",
    "ar": {
        "title": "الملتمس في مجال التشريع: اقتراح قانون من المواطنين",
        "intro": "يمكن للمواطنات والمواطنين أن يقترحوا على البرلمان نصا في مجال القانون. "
        "ينظم ذلك القانون التنظيمي 64.14، وقد خفّض القانون التنظيمي 71.21 عدد المؤيدين "
        "المطلوب إلى 20.000.",
        "body": [
            heading("ما هو الملتمس؟"),
            paragraph(
                "<p>مبادرة يقدمها مواطنون تتضمن مقترحات أو توصيات في مجال التشريع، أي في "
                "المواضيع التي يختص بها القانون، بهدف أن يتبناها البرلمان ويتداول فيها.</p>"
            ),
            heading("كيف يُقدَّم؟"),
            paragraph(
                "<ol><li>تكوين لجنة تقديم الملتمس وتعيين وكيل عنها.</li>"
                "<li>صياغة الملتمس في شكل نص واضح مع مذكرة تشرح أسبابه وأهدافه.</li>"
                "<li>جمع توقيعات المؤيدين المسجلين في اللوائح الانتخابية.</li>"
                "<li>إيداعه لدى مكتب مجلس النواب أو مجلس المستشارين، ورقيا أو عبر البوابة "
                "الوطنية للمشاركة المواطنة.</li></ol>"
            ),
            figure("20.000", "مؤيد على الأقل لقبول الملتمس", "القانون التنظيمي 71.21"),
            paragraph(
                "<p>يبتّ مكتب المجلس في قبول الملتمس؛ وإذا قُبل، يمكن لأعضاء البرلمان تبنيه "
                "في شكل مقترح قانون يتبع المسطرة التشريعية العادية.</p>"
            ),
        ],
        "sources": [
            legal("دستور 2011", article="14"),
            legal(
                "القانون التنظيمي رقم 64.14 المتعلق بتحديد شروط وكيفيات ممارسة الحق في تقديم "
                "الملتمسات في مجال التشريع، كما تم تغييره بالقانون التنظيمي رقم 71.21",
                threshold="20.000 مؤيد",
            ),
            link("البوابة الوطنية للمشاركة المواطنة", PARTICIPATION_PORTAL),
        ],
    },
    "fr": {
        "title": "La motion législative : quand les citoyens proposent une loi",
        "intro": "Les citoyennes et les citoyens peuvent proposer au Parlement un texte "
        "relevant du domaine de la loi. La loi organique 64-14 l'organise ; la loi organique "
        "71-21 a ramené le nombre de soutiens exigés à 20 000.",
        "body": [
            heading("Qu'est-ce qu'une motion ?"),
            paragraph(
                "<p>Une initiative de citoyens qui contient des propositions ou des "
                "recommandations en matière législative, c'est-à-dire sur des sujets relevant "
                "du domaine de la loi, pour que le Parlement s'en saisisse.</p>"
            ),
            heading("Comment la présenter ?"),
            paragraph(
                "<ol><li>Constituer le comité de présentation et désigner son mandataire.</li>"
                "<li>Rédiger la motion sous forme de texte clair, accompagné d'une note qui "
                "en expose les motifs et les objectifs.</li>"
                "<li>Recueillir les signatures de soutiens inscrits sur les listes "
                "électorales.</li>"
                "<li>La déposer auprès du bureau de la Chambre des représentants ou de la "
                "Chambre des conseillers, sur papier ou sur le portail national de la "
                "participation citoyenne.</li></ol>"
            ),
            figure(
                "20 000",
                "soutiens au minimum pour que la motion soit recevable",
                "Loi organique 71-21",
            ),
            paragraph(
                "<p>Le bureau de la Chambre statue sur la recevabilité ; une motion acceptée "
                "peut être reprise par des parlementaires sous forme de proposition de loi, "
                "qui suit alors la procédure législative ordinaire.</p>"
            ),
        ],
        "sources": [
            legal("Constitution de 2011", article="14"),
            legal(
                "Loi organique n° 64-14 fixant les conditions et modalités d'exercice du "
                "droit de présenter des motions en matière législative, modifiée par la loi "
                "organique n° 71-21",
                threshold="20 000 soutiens",
            ),
            link("Portail national de la participation citoyenne", PARTICIPATION_PORTAL),
        ],
    },
}
