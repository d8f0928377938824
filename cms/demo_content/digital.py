"""Awareness articles on personal data and digital safety."""

from . import CNDP, DGSSI, faq, heading, legal, link, paragraph

LAW_0908_AR = (
    "القانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي "
    "(الظهير الشريف رقم 1.09.15 بتاريخ 18 فبراير 2009)"
)
LAW_0908_FR = (
    "Loi n° 09-08 relative à la protection des personnes physiques à l'égard du traitement des "
    "données à caractère personnel (dahir n° 1-09-15 du 18 février 2009)"
)
LAW_0703_AR = "القانون رقم 07.03 بتتميم مجموعة القانون الجنائي فيما يتعلق بالجرائم المتعلقة بنظم المعالجة الآلية للمعطيات"  # noqa: E501
LAW_0703_FR = (
    "Loi n° 07-03 complétant le code pénal en ce qui concerne les infractions relatives aux "
    "systèmes de traitement automatisé des données"
)
LAW_0520_AR = "القانون رقم 05.20 المتعلق بالأمن السيبراني"
LAW_0520_FR = "Loi n° 05-20 relative à la cybersécurité"

PERSONAL_DATA = {
    "slug": "donnees-personnelles-loi-09-08",
    "topic": "personal_data",
    "ar": {
        "title": "معطياتكم الشخصية وحقوقكم: القانون 09.08",
        "intro": "اسمكم ورقم هاتفكم وصوركم ومكان سكنكم معطيات شخصية. يحمي القانون 09.08 "
        "طريقة جمعها واستعمالها، ويمنحكم حقوقا يمكنكم ممارستها بأنفسكم.",
        "body": [
            heading("الموافقة أولا"),
            paragraph(
                "<p>لا يجوز معالجة معطياتكم إلا إذا وافقتم على ذلك بشكل لا لبس فيه، أو في "
                "حالات يحددها القانون (تنفيذ عقد أنتم طرف فيه، التزام قانوني، حماية مصلحة "
                "حيوية…). ويجب إخباركم عند الجمع بهوية المسؤول عن المعالجة والغاية منها "
                "والجهات التي ستتوصل بالمعطيات.</p>"
            ),
            heading("حقوقكم"),
            paragraph(
                "<ul><li><b>حق الولوج:</b> معرفة ما إذا كانت معطياتكم تُعالَج والحصول على "
                "نسخة منها.</li>"
                "<li><b>حق التصحيح:</b> تصحيح المعطيات الخاطئة أو الناقصة أو حذف ما لم يعد "
                "ضروريا.</li>"
                "<li><b>حق التعرض:</b> الاعتراض لأسباب مشروعة على معالجة معطياتكم، والاعتراض "
                "دون تبرير على استعمالها لأغراض الاستقطاب التجاري.</li></ul>"
            ),
            heading("كيف تمارسون هذه الحقوق؟"),
            paragraph(
                "<ol><li>اكتبوا إلى المسؤول عن المعالجة (الجمعية، المتجر، الإدارة…) مع ما يثبت "
                "هويتكم، واحتفظوا بنسخة من طلبكم.</li>"
                "<li>إذا لم تتلقوا جوابا أو كان الجواب غير مرض، يمكنكم تقديم شكاية إلى اللجنة "
                "الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.</li></ol>"
            ),
            faq(
                "أسئلة شائعة",
                [
                    (
                        "هل يحق لجمعية أن تنشر صور المشاركين في أنشطتها؟",
                        "<p>الصورة التي تُعرّف بشخص معطى شخصي. اطلبوا موافقة المشاركين قبل "
                        "النشر، واحترموا من يرفض، وانتبهوا خصوصا لصور القاصرين.</p>",
                    ),
                    (
                        "وعلى منصة تمكين؟",
                        "<p>يمكنكم تنزيل معطياتكم أو طلب حذفها من صفحة حسابكم. يشرح إشعار "
                        "الخصوصية ما نجمعه ولماذا.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal(LAW_0908_AR, article="4 (الموافقة) و5 (الإخبار)", url=CNDP),
            legal(LAW_0908_AR, article="7 (الولوج) و8 (التصحيح) و9 (التعرض)", url=CNDP),
            link("اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي", CNDP),
        ],
    },
    "fr": {
        "title": "Vos données personnelles et vos droits : la loi 09-08",
        "intro": "Votre nom, votre numéro de téléphone, vos photos, votre adresse sont des "
        "données personnelles. La loi 09-08 encadre leur collecte et leur usage, et vous donne "
        "des droits que vous pouvez exercer vous-même.",
        "body": [
            heading("D'abord, le consentement"),
            paragraph(
                "<p>Vos données ne peuvent être traitées que si vous y avez consenti de façon "
                "indubitable, ou dans les cas prévus par la loi (exécution d'un contrat auquel "
                "vous êtes partie, obligation légale, sauvegarde d'un intérêt vital…). Lors de "
                "la collecte, on doit vous dire qui est responsable du traitement, à quoi il "
                "sert et à qui les données seront transmises.</p>"
            ),
            heading("Vos droits"),
            paragraph(
                "<ul><li><b>Droit d'accès :</b> savoir si vos données sont traitées et en "
                "obtenir une copie.</li>"
                "<li><b>Droit de rectification :</b> faire corriger des données inexactes ou "
                "incomplètes, ou effacer celles qui ne sont plus nécessaires.</li>"
                "<li><b>Droit d'opposition :</b> vous opposer, pour des motifs légitimes, au "
                "traitement de vos données, et sans avoir à vous justifier à leur usage à des "
                "fins de prospection commerciale.</li></ul>"
            ),
            heading("Comment exercer ces droits ?"),
            paragraph(
                "<ol><li>Écrivez au responsable du traitement (association, commerce, "
                "administration…) en joignant de quoi prouver votre identité, et gardez une "
                "copie de votre demande.</li>"
                "<li>Sans réponse, ou si la réponse ne vous satisfait pas, vous pouvez saisir "
                "la Commission nationale de contrôle de la protection des données à caractère "
                "personnel (CNDP).</li></ol>"
            ),
            faq(
                "Questions fréquentes",
                [
                    (
                        "Une association peut-elle publier les photos des participants ?",
                        "<p>Une photo qui permet de reconnaître quelqu'un est une donnée "
                        "personnelle. Demandez l'accord des participants avant de publier, "
                        "respectez les refus, et soyez particulièrement attentifs aux "
                        "mineurs.</p>",
                    ),
                    (
                        "Et sur Tamkeen ?",
                        "<p>Vous pouvez télécharger vos données ou en demander l'effacement "
                        "depuis votre compte. La notice de confidentialité explique ce que "
                        "nous collectons et pourquoi.</p>",
                    ),
                ],
            ),
        ],
        "sources": [
            legal(LAW_0908_FR, article="4 (consentement) et 5 (information)", url=CNDP),
            legal(LAW_0908_FR, article="7 (accès), 8 (rectification) et 9 (opposition)", url=CNDP),
            link(
                "Commission nationale de contrôle de la protection des données à caractère "
                "personnel (CNDP)",
                CNDP,
            ),
        ],
    },
}

PHISHING = {
    "slug": "reconnaitre-hameconnage",
    "topic": "digital_safety",
    "ar": {
        "title": "كيف تتعرفون على رسائل التصيد الاحتيالي",
        "intro": "رسالة تدّعي أنها من البنك أو من شركة التوصيل أو من إدارة، وتطلب منكم النقر "
        "بسرعة أو إدخال قن سري: هكذا تبدأ أغلب عمليات الاحتيال الرقمي.",
        "body": [
            heading("علامات تستوجب الحذر"),
            paragraph(
                "<ul><li>الاستعجال أو التهديد: «سيُغلق حسابكم خلال 24 ساعة».</li>"
                "<li>طلب قن سري أو رمز تحقق وصلكم في رسالة قصيرة. لا أحد له الحق في طلبه، "
                "ولا حتى البنك.</li>"
                "<li>عنوان مرسل أو رابط يشبه الاسم الحقيقي مع اختلاف بسيط في الحروف.</li>"
                "<li>مبلغ صغير يجب أداؤه لاستلام طرد أو جائزة لم تنتظروها.</li></ul>"
            ),
            heading("ماذا تفعلون؟"),
            paragraph(
                "<ol><li>لا تنقروا على الرابط. اكتبوا عنوان الموقع بأنفسكم أو اتصلوا بالرقم "
                "المعتاد للجهة المعنية.</li>"
                "<li>إذا أدخلتم كلمة مرور، غيّروها فورا وفعّلوا التحقق بخطوتين.</li>"
                "<li>إذا أدخلتم معطيات بطاقة بنكية، اتصلوا ببنككم لتعطيلها.</li>"
                "<li>نبّهوا أعضاء جمعيتكم: غالبا ما تصل الرسالة نفسها إلى الجميع.</li></ol>"
            ),
        ],
        "sources": [
            legal(LAW_0703_AR, article="الفصول 3-607 إلى 11-607 من القانون الجنائي"),
            legal(LAW_0520_AR, url=DGSSI),
            link("المديرية العامة لأمن نظم المعلومات (maCERT)", DGSSI),
        ],
    },
    "fr": {
        "title": "Reconnaître un message d'hameçonnage",
        "intro": "Un message qui se fait passer pour votre banque, un livreur ou une "
        "administration et vous presse de cliquer ou de saisir un code : c'est ainsi que "
        "commencent la plupart des escroqueries en ligne.",
        "body": [
            heading("Les signes qui doivent alerter"),
            paragraph(
                "<ul><li>L'urgence ou la menace : « votre compte sera fermé dans 24 h ».</li>"
                "<li>La demande d'un code secret ou d'un code de vérification reçu par SMS. "
                "Personne n'a le droit de vous le demander, pas même votre banque.</li>"
                "<li>Une adresse d'expéditeur ou un lien qui ressemble au vrai nom, à une "
                "lettre près.</li>"
                "<li>Une petite somme à payer pour recevoir un colis ou un lot que vous "
                "n'attendiez pas.</li></ul>"
            ),
            heading("Que faire ?"),
            paragraph(
                "<ol><li>Ne cliquez pas. Tapez vous-même l'adresse du site ou appelez le "
                "numéro habituel de l'organisme.</li>"
                "<li>Si vous avez saisi un mot de passe, changez-le tout de suite et activez "
                "la vérification en deux étapes.</li>"
                "<li>Si vous avez saisi les données d'une carte bancaire, appelez votre banque "
                "pour la faire opposer.</li>"
                "<li>Prévenez les membres de votre association : le même message arrive "
                "souvent à tout le monde.</li></ol>"
            ),
        ],
        "sources": [
            legal(LAW_0703_FR, article="Articles 607-3 à 607-11 du code pénal"),
            legal(LAW_0520_FR, url=DGSSI),
            link("Direction générale de la sécurité des systèmes d'information (maCERT)", DGSSI),
        ],
    },
}

PASSWORDS = {
    "slug": "mots-de-passe-double-authentification",
    "topic": "digital_safety",
    "ar": {
        "title": "كلمات المرور والتحقق بخطوتين",
        "intro": "كلمة مرور واحدة مسروقة قد تفتح بريدكم وحسابات جمعيتكم كلها. ثلاث عادات "
        "بسيطة تحميكم من أغلب الاختراقات.",
        "body": [
            heading("1. كلمة مرور طويلة ومختلفة لكل حساب"),
            paragraph(
                "<p>الطول أهم من التعقيد: جملة من أربع أو خمس كلمات لا رابط بينها أصعب على "
                "المخترق من كلمة قصيرة مليئة بالرموز. ولا تعيدوا استعمال كلمة المرور نفسها: "
                "حين يُسرّب موقع ما، يجرّب المحتالون الكلمة ذاتها على بريدكم.</p>"
            ),
            heading("2. مدير كلمات المرور"),
            paragraph(
                "<p>برنامج يحفظ كلمات مروركم ويولّدها، فلا تحتاجون إلى تذكر إلا كلمة واحدة "
                "قوية. هو أكثر أمانا من دفتر أو من ملف في الهاتف.</p>"
            ),
            heading("3. التحقق بخطوتين"),
            paragraph(
                "<p>بعد كلمة المرور، يطلب الموقع رمزا يولده تطبيق على هاتفكم. حتى لو سُرقت "
                "كلمة المرور، لا يستطيع المحتال الدخول دون هاتفكم. فعّلوه أولا على البريد "
                "الإلكتروني وعلى حسابات الجمعية، وعلى منصة تمكين من صفحة حسابكم. واحفظوا "
                "رموز الاسترجاع في مكان آمن.</p>"
            ),
        ],
        "sources": [
            legal(LAW_0520_AR, url=DGSSI),
            link("المديرية العامة لأمن نظم المعلومات (maCERT)", DGSSI),
        ],
    },
    "fr": {
        "title": "Mots de passe et vérification en deux étapes",
        "intro": "Un seul mot de passe volé peut ouvrir votre messagerie et tous les comptes "
        "de votre association. Trois habitudes simples protègent de la plupart des intrusions.",
        "body": [
            heading("1. Un mot de passe long, différent pour chaque compte"),
            paragraph(
                "<p>La longueur compte plus que la complexité : une phrase de quatre ou cinq "
                "mots sans lien entre eux résiste mieux qu'un mot court bourré de symboles. Et "
                "ne réutilisez jamais un mot de passe : quand un site fuit, les escrocs "
                "l'essaient aussitôt sur votre messagerie.</p>"
            ),
            heading("2. Un gestionnaire de mots de passe"),
            paragraph(
                "<p>Un logiciel qui génère et retient vos mots de passe : vous n'en retenez "
                "plus qu'un, solide. C'est plus sûr qu'un carnet ou qu'une note dans le "
                "téléphone.</p>"
            ),
            heading("3. La vérification en deux étapes"),
            paragraph(
                "<p>Après le mot de passe, le site demande un code produit par une application "
                "de votre téléphone. Même avec votre mot de passe, un escroc ne peut pas entrer "
                "sans votre téléphone. Activez-la d'abord sur votre messagerie et sur les "
                "comptes de l'association, et sur Tamkeen depuis votre compte. Gardez les "
                "codes de récupération en lieu sûr.</p>"
            ),
        ],
        "sources": [
            legal(LAW_0520_FR, url=DGSSI),
            link("Direction générale de la sécurité des systèmes d'information (maCERT)", DGSSI),
        ],
    },
}
