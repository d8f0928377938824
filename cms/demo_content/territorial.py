"""Awareness articles on participation in the territorial collectivities."""

from . import PARTICIPATION_PORTAL, faq, figure, heading, legal, link, paragraph

LAW_111_AR = "القانون التنظيمي رقم 111.14 المتعلق بالجهات"
LAW_112_AR = "القانون التنظيمي رقم 112.14 المتعلق بالعمالات والأقاليم"
LAW_113_AR = "القانون التنظيمي رقم 113.14 المتعلق بالجماعات"
LAW_111_FR = "Loi organique n° 111-14 relative aux régions"
LAW_112_FR = "Loi organique n° 112-14 relative aux préfectures et provinces"
LAW_113_FR = "Loi organique n° 113-14 relative aux communes"

TERRITORIAL_PETITIONS = {
    "slug": "petitions-conseils-territoriaux",
    "topic": "democracy",
    "ar": {
        "title": "العرائض إلى مجالس الجهات والعمالات والأقاليم والجماعات",
        "intro": "يمكن للمواطنين وللجمعيات أن يطلبوا من مجلس جماعتهم أو إقليمهم أو جهتهم "
        "إدراج نقطة تدخل في اختصاصه ضمن جدول أعماله.",
        "body": [
            heading("ما الذي يمكن طلبه؟"),
            paragraph(
                "<p>نقطة واحدة تدخل في اختصاصات المجلس: مرفق عمومي محلي، مسلك طرقي، إنارة، "
                "نقل مدرسي، برنامج تنموي… لا يمكن أن تمس العريضة الثوابت الجامعة للأمة.</p>"
            ),
            heading("من يمكنه تقديمها؟"),
            paragraph(
                "<ul><li><b>المواطنات والمواطنون:</b> المقيمون في تراب الجماعة الترابية "
                "المعنية أو الذين يمارسون فيه نشاطا اقتصاديا أو تجاريا أو مهنيا، بشرط أن تكون "
                "لهم مصلحة مباشرة مشتركة في الطلب، وأن يبلغ عدد الموقعين الحد الأدنى.</li>"
                "<li><b>الجمعيات:</b> المعترف بها والمؤسسة بصفة قانونية منذ أكثر من ثلاث "
                "سنوات، والتي تعمل طبقا للمبادئ الديمقراطية ولأنظمتها الأساسية، وتوجد في وضعية "
                "سليمة إزاء القوانين، ويكون مقرها أو أحد فروعها في تراب الجماعة الترابية "
                "المعنية، ونشاطها مرتبطا بموضوع العريضة.</li></ul>"
            ),
            heading("عدد التوقيعات لمجلس الجهة"),
            figure("300", "موقع في جهة يقل عدد سكانها عن مليون نسمة", LAW_111_AR),
            figure("400", "موقع في جهة يتراوح عدد سكانها بين مليون وثلاثة ملايين", LAW_111_AR),
            figure("500", "موقع في جهة يتجاوز عدد سكانها ثلاثة ملايين", LAW_111_AR),
            paragraph(
                "<p>ويجب أن يكون 5% على الأقل من الموقعين من كل عمالة أو إقليم من عمالات "
                "الجهة وأقاليمها. أما عرائض العمالات والأقاليم والجماعات فلها "
                "أعداد خاصة بها (انظر المراجع أسفله).</p>"
            ),
            heading("المسطرة"),
            paragraph(
                "<ol><li>تُودع العريضة لدى رئيس المجلس مرفقة بالوثائق المطلوبة، مقابل وصل.</li>"
                "<li>يحيلها الرئيس على مكتب المجلس الذي يتحقق من استيفائها للشروط.</li>"
                "<li>إذا قُبلت، تُدرج النقطة في جدول أعمال الدورة العادية الموالية، ويُخبَر "
                "الوكيل بذلك. وإذا رُفضت، يجب تعليل القرار وتبليغه.</li></ol>"
            ),
            faq(
                "أسئلة شائعة",
                [
                    (
                        "هل يلتزم المجلس بتنفيذ ما نطلبه؟",
                        "<p>يلتزم بإدراج النقطة ومناقشتها إذا قُبلت العريضة، لكن القرار يبقى "
                        "للمجلس المنتخب. حضّروا ملفا مقنعا وتابعوا المداولات، فهي علنية.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal("دستور 2011", article="139"),
            legal(
                LAW_111_AR,
                threshold="300 أو 400 أو 500 موقع حسب عدد سكان الجهة، و5% على الأقل من كل "
                "عمالة أو إقليم",
            ),
            legal(
                LAW_112_AR,
                threshold="300 موقع للمواطنين (يُرجى التحقق)",
                to_be_confirmed=True,
            ),
            legal(
                LAW_113_AR,
                threshold="100 موقع في الجماعات التي يقل سكانها عن 35.000 نسمة، 200 في غيرها، "
                "و400 في الجماعات ذات المقاطعات (يُرجى التحقق)",
                to_be_confirmed=True,
            ),
            legal(
                "شرط الأقدمية بالنسبة للجمعيات (أكثر من ثلاث سنوات)",
                article="القوانين التنظيمية 111.14 و112.14 و113.14",
                to_be_confirmed=True,
            ),
            link("البوابة الوطنية للمشاركة المواطنة", PARTICIPATION_PORTAL),
        ],
    },
    "fr": {
        "title": "Les pétitions aux conseils des régions, des provinces et des communes",
        "intro": "Citoyens et associations peuvent demander au conseil de leur commune, de "
        "leur province ou de leur région d'inscrire à son ordre du jour une question qui "
        "relève de sa compétence.",
        "body": [
            heading("Que peut-on demander ?"),
            paragraph(
                "<p>Un point qui relève des attributions du conseil : un service public local, "
                "une piste, l'éclairage, le transport scolaire, un programme de "
                "développement… La pétition ne peut pas porter atteinte aux constantes de la "
                "nation.</p>"
            ),
            heading("Qui peut la présenter ?"),
            paragraph(
                "<ul><li><b>Les citoyennes et les citoyens</b> qui résident dans la "
                "collectivité concernée ou y exercent une activité économique, commerciale ou "
                "professionnelle, ayant un intérêt commun direct à la demande, en nombre au "
                "moins égal au minimum légal.</li>"
                "<li><b>Les associations</b> reconnues, légalement constituées depuis plus de "
                "trois ans, fonctionnant conformément aux principes démocratiques et à leurs "
                "statuts, en situation régulière, dont le siège ou une section se trouve dans la "
                "collectivité et dont l'activité est liée à l'objet de la pétition.</li></ul>"
            ),
            heading("Combien de signatures pour un conseil régional ?"),
            figure(
                "300", "signataires dans une région de moins d'un million d'habitants", LAW_111_FR
            ),
            figure(
                "400", "signataires dans une région d'un à trois millions d'habitants", LAW_111_FR
            ),
            figure(
                "500",
                "signataires dans une région de plus de trois millions d'habitants",
                LAW_111_FR,
            ),
            paragraph(
                "<p>Au moins 5 % des signataires doivent venir de chacune des préfectures et "
                "provinces de la région. Les pétitions "
                "aux préfectures, provinces et communes ont leurs propres seuils (voir les "
                "références ci-dessous).</p>"
            ),
            heading("La procédure"),
            paragraph(
                "<ol><li>La pétition est déposée auprès du président du conseil avec les "
                "pièces exigées, contre récépissé.</li>"
                "<li>Le président la transmet au bureau, qui vérifie qu'elle remplit les "
                "conditions.</li>"
                "<li>Si elle est recevable, la question est inscrite à l'ordre du jour de la "
                "session ordinaire suivante et le mandataire en est informé ; si elle est "
                "rejetée, la décision est motivée et notifiée.</li></ol>"
            ),
            faq(
                "Questions fréquentes",
                [
                    (
                        "Le conseil est-il obligé de faire ce que nous demandons ?",
                        "<p>Il doit inscrire et débattre la question si la pétition est "
                        "recevable, mais la décision reste au conseil élu. Préparez un dossier "
                        "solide et suivez les délibérations : elles sont publiques.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal("Constitution de 2011", article="139"),
            legal(
                LAW_111_FR,
                threshold="300, 400 ou 500 signataires selon la population de la région, dont "
                "au moins 5 % dans chaque préfecture ou province",
            ),
            legal(LAW_112_FR, threshold="300 signataires (à vérifier)", to_be_confirmed=True),
            legal(
                LAW_113_FR,
                threshold="100 signataires dans les communes de moins de 35 000 habitants, 200 "
                "dans les autres, 400 dans les communes à arrondissements (à vérifier)",
                to_be_confirmed=True,
            ),
            legal(
                "Condition d'ancienneté des associations (plus de trois ans)",
                article="Lois organiques 111-14, 112-14 et 113-14",
                to_be_confirmed=True,
            ),
            link("Portail national de la participation citoyenne", PARTICIPATION_PORTAL),
        ],
    },
}

CONSULTATION_BODIES = {
    "slug": "instances-consultatives",
    "topic": "democracy",
    "ar": {
        "title": "الهيئات الاستشارية: مكان الجمعيات في القرار المحلي",
        "intro": "تحدث مجالس الجهات والعمالات والأقاليم والجماعات هيئات استشارية تشرك فيها "
        "فعاليات المجتمع المدني. تعرّفوا عليها وعلى طريقة الانضمام إليها.",
        "body": [
            heading("الأساس الدستوري"),
            paragraph(
                "<p>ينص الفصل 13 على إحداث هيئات للتشاور مع الفاعلين الاجتماعيين، والفصل 139 "
                "على آليات تشاركية للحوار والتشاور على مستوى الجماعات الترابية.</p>"
            ),
            heading("الهيئات على كل مستوى"),
            paragraph(
                "<ul><li><b>الجماعة:</b> هيئة المساواة وتكافؤ الفرص ومقاربة النوع، تُحدث "
                "بشراكة مع فعاليات المجتمع المدني.</li>"
                "<li><b>العمالة أو الإقليم:</b> هيئة استشارية بشراكة مع المجتمع المدني تختص "
                "بقضايا المساواة وتكافؤ الفرص ومقاربة النوع.</li>"
                "<li><b>الجهة:</b> ثلاث هيئات: هيئة للمساواة وتكافؤ الفرص ومقاربة النوع، "
                "وهيئة لقضايا الشباب، وهيئة بشراكة مع الفاعلين الاقتصاديين.</li></ul>"
            ),
            heading("كيف تنضم جمعيتكم؟"),
            paragraph(
                "<p>يحدد النظام الداخلي لكل مجلس تأليف هيئاته وطريقة اختيار أعضائها. اطلبوه "
                "من كتابة المجلس، وتابعوا إعلانات الترشيح، وقدموا ملف جمعيتكم مع ما يبين "
                "خبرتها في الموضوع. عضو الهيئة يُبدي الرأي في برنامج عمل الجماعة وميزانيتها "
                "ويقترح، دون أن يحل محل المنتخبين.</p>"
            ),
        ],
        "sources": [
            legal("دستور 2011", article="13 و139"),
            legal(LAW_113_AR, article="120", to_be_confirmed=True),
            legal(LAW_112_AR, article="111", to_be_confirmed=True),
            legal(LAW_111_AR, article="117", to_be_confirmed=True),
        ],
    },
    "fr": {
        "title": "Les instances consultatives : la place des associations dans la décision locale",
        "intro": "Les conseils des régions, des préfectures et provinces et des communes créent "
        "des instances consultatives associant la société civile. Ce qu'elles sont et comment "
        "y entrer.",
        "body": [
            heading("Le fondement constitutionnel"),
            paragraph(
                "<p>L'article 13 prévoit des instances de concertation avec les acteurs "
                "sociaux ; l'article 139, des mécanismes participatifs de dialogue et de "
                "concertation dans les collectivités territoriales.</p>"
            ),
            heading("Les instances à chaque niveau"),
            paragraph(
                "<ul><li><b>La commune :</b> l'instance de l'équité, de l'égalité des chances "
                "et de l'approche genre, créée en partenariat avec la société civile.</li>"
                "<li><b>La préfecture ou la province :</b> une instance consultative, en "
                "partenariat avec la société civile, chargée de l'équité, de l'égalité des "
                "chances et de l'approche genre.</li>"
                "<li><b>La région :</b> trois instances : équité, égalité des chances et "
                "approche genre ; questions de la jeunesse ; et une instance associant les "
                "acteurs économiques.</li></ul>"
            ),
            heading("Comment votre association peut-elle y entrer ?"),
            paragraph(
                "<p>Le règlement intérieur de chaque conseil fixe la composition de ses "
                "instances et le mode de désignation de leurs membres. Demandez-le au "
                "secrétariat du conseil, suivez les appels à candidatures et présentez le "
                "dossier de votre association en montrant son expérience du sujet. Un membre "
                "d'instance donne son avis sur le plan d'action et le budget et fait des "
                "propositions, sans se substituer aux élus.</p>"
            ),
        ],
        "sources": [
            legal("Constitution de 2011", article="13 et 139"),
            legal(LAW_113_FR, article="120", to_be_confirmed=True),
            legal(LAW_112_FR, article="111", to_be_confirmed=True),
            legal(LAW_111_FR, article="117", to_be_confirmed=True),
        ],
    },
}
