"""The demo courses' text, as trainer associations would write it: Arabic first, then French.

Data only; ``courses.demo`` builds the pages. Body items are ``("h", text)`` for a heading and
``("p", html)`` for a paragraph (the rich-text features lessons allow: bold, lists, links)."""

from decimal import Decimal

CYBERSECURITY = {
    "slug": "proteger-comptes-donnees",
    "owner": "trainer_a",
    "programme_field": "digital",
    "theme": "cybersecurity",
    "level": "beginner",
    "format": "online",
    "duration_hours": Decimal("4"),
    "ar": {
        "title": "حماية حسابات الجمعية ومعطيات منخرطيها",
        "summary": "دورة عملية لأعضاء مكاتب الجمعيات: تأمين الحسابات، كشف رسائل التصيد، "
        "احترام القانون 09.08 في التعامل مع معطيات المنخرطين والمستفيدين، والاستعداد للحوادث.",
        "audience": "أعضاء مكاتب الجمعيات والمكلفون بالتواصل والأرشيف",
        "objectives": [
            "إنشاء كلمات مرور قوية وتفعيل المصادقة الثنائية على حسابات الجمعية",
            "التعرف على رسائل التصيد الاحتيالي قبل النقر",
            "جمع معطيات المستفيدين وحفظها وفق القانون 09.08",
            "وضع خطة بسيطة للنسخ الاحتياطي والاستجابة للحوادث",
        ],
        "prerequisites": "استعمال الهاتف الذكي والبريد الإلكتروني.",
    },
    "fr": {
        "title": "Protéger les comptes de l'association et les données de ses membres",
        "summary": "Une formation pratique pour les bureaux d'associations : sécuriser les "
        "comptes, repérer l'hameçonnage, respecter la loi 09-08 pour les données des adhérents et "
        "des bénéficiaires, et se préparer aux incidents.",
        "audience": "Membres des bureaux d'associations, chargés de communication et d'archives",
        "objectives": [
            "Créer des mots de passe solides et activer la double authentification",
            "Reconnaître un message d'hameçonnage avant de cliquer",
            "Collecter et conserver les données des bénéficiaires selon la loi 09-08",
            "Mettre en place une sauvegarde et un plan de réponse aux incidents simples",
        ],
        "prerequisites": "Savoir utiliser un smartphone et une messagerie électronique.",
    },
    "lessons": [
        {
            "slug": "mots-de-passe",
            "minutes": 30,
            "ar": {
                "title": "كلمات المرور والمصادقة الثنائية",
                "body": [
                    ("h", "لماذا تستهدف الجمعيات؟"),
                    (
                        "p",
                        "<p>صفحة الجمعية على شبكات التواصل وبريدها الإلكتروني يحملان ثقة "
                        "المنخرطين والشركاء. حساب مخترق قد ينشر باسمكم أو يطلب تحويلات مالية.</p>",
                    ),
                    ("h", "ثلاث قواعد تكفي للبداية"),
                    (
                        "p",
                        "<ul><li><b>جملة مرور طويلة</b> من أربع كلمات أو أكثر بدل كلمة قصيرة "
                        "معقدة.</li><li>كلمة مرور <b>مختلفة لكل حساب</b>، يحفظها مدير كلمات مرور "
                        "مشترك بين أعضاء المكتب.</li><li><b>المصادقة الثنائية</b> عبر تطبيق على "
                        "الهاتف لكل حسابات الجمعية، مع حفظ رموز الاسترجاع في مكان آمن.</li></ul>",
                    ),
                    (
                        "p",
                        "<p><b>تمرين:</b> اجردوا حسابات الجمعية (البريد، الصفحات، البنك "
                        "الإلكتروني) واكتبوا أمام كل حساب من يملك الولوج إليه.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Mots de passe et double authentification",
                "body": [
                    ("h", "Pourquoi les associations sont visées"),
                    (
                        "p",
                        "<p>La page et la messagerie de l'association portent la confiance des "
                        "adhérents et des partenaires. Un compte piraté peut publier en votre nom "
                        "ou demander des virements.</p>",
                    ),
                    ("h", "Trois règles pour commencer"),
                    (
                        "p",
                        "<ul><li><b>Une phrase de passe longue</b> de quatre mots ou plus "
                        "plutôt qu'un mot court compliqué.</li><li><b>Un mot de passe par "
                        "compte</b>, conservé dans un gestionnaire partagé par le bureau.</li>"
                        "<li><b>La double authentification</b> par application sur tous les "
                        "comptes, avec les codes de secours rangés en lieu sûr.</li></ul>",
                    ),
                    (
                        "p",
                        "<p><b>Exercice :</b> listez les comptes de l'association (messagerie, "
                        "pages, banque en ligne) et notez qui y a accès.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "hameconnage",
            "minutes": 25,
            "ar": {
                "title": "كشف رسائل التصيد الاحتيالي",
                "body": [
                    (
                        "p",
                        "<p>التصيد رسالة تنتحل صفة جهة موثوقة (بنك، مانح، منصة تواصل) لتدفعكم "
                        "إلى النقر على رابط أو تسليم كلمة مرور.</p>",
                    ),
                    ("h", "علامات تستدعي التوقف"),
                    (
                        "p",
                        "<ul><li>استعجال أو تهديد: «سيغلق حسابكم خلال 24 ساعة».</li><li>عنوان "
                        "مرسل قريب من الأصل مع اختلاف حرف.</li><li>رابط لا يطابق اسم الجهة عند "
                        "تمرير المؤشر عليه.</li><li>طلب معلومات لا يطلبها الشريك عادة.</li></ul>",
                    ),
                    (
                        "p",
                        "<p>عند الشك: لا تنقروا، واتصلوا بالجهة عبر رقم تعرفونه، وأخبروا "
                        "باقي أعضاء المكتب.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Repérer l'hameçonnage",
                "body": [
                    (
                        "p",
                        "<p>L'hameçonnage est un message qui usurpe une source de confiance "
                        "(banque, bailleur, réseau social) pour vous faire cliquer ou livrer un "
                        "mot "
                        "de passe.</p>",
                    ),
                    ("h", "Les signes qui doivent arrêter"),
                    (
                        "p",
                        "<ul><li>L'urgence ou la menace : « votre compte sera fermé sous "
                        "24 heures ».</li><li>Une adresse d'expéditeur presque "
                        "identique.</li><li>Un "
                        "lien qui ne correspond pas à l'organisme quand on le survole.</li><li>Une "
                        "demande inhabituelle de la part du partenaire.</li></ul>",
                    ),
                    (
                        "p",
                        "<p>En cas de doute : ne cliquez pas, appelez l'organisme à un numéro "
                        "connu et prévenez le bureau.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "loi-09-08",
            "minutes": 40,
            "ar": {
                "title": "معطيات المستفيدين والقانون 09.08",
                "body": [
                    (
                        "p",
                        "<p>يحمي القانون 09.08 الأشخاص الذاتيين تجاه معالجة معطياتهم ذات "
                        "الطابع الشخصي، وتسهر على تطبيقه اللجنة الوطنية لمراقبة حماية المعطيات "
                        "ذات الطابع الشخصي (CNDP).</p>",
                    ),
                    ("h", "ما تلتزم به الجمعية"),
                    (
                        "p",
                        "<ul><li>جمع ما تحتاجه فقط لغرض محدد ومعلن (التسجيل، الشهادات، "
                        "التقارير للمانح).</li><li>إخبار الأشخاص بالغرض وبحقهم في الولوج والتصحيح "
                        "والتعرض.</li><li>حصر الولوج إلى اللوائح في من يحتاجها وتحديد مدة "
                        "الحفظ.</li><li>التصريح بالمعالجة لدى اللجنة الوطنية أو طلب الإذن حسب "
                        "الحالة.</li></ul>",
                    ),
                    (
                        "p",
                        "<p><b>تمرين:</b> راجعوا استمارة التسجيل في أنشطتكم واحذفوا كل خانة "
                        "لا تخدم غرضا واضحا.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Les données des bénéficiaires et la loi 09-08",
                "body": [
                    (
                        "p",
                        "<p>La loi 09-08 protège les personnes physiques à l'égard du "
                        "traitement de leurs données personnelles ; la Commission nationale de "
                        "contrôle de la protection des données (CNDP) veille à son "
                        "application.</p>",
                    ),
                    ("h", "Ce que l'association s'engage à faire"),
                    (
                        "p",
                        "<ul><li>Ne collecter que le nécessaire, pour une finalité précise et "
                        "annoncée (inscription, attestations, rapports au "
                        "bailleur).</li><li>Informer "
                        "les personnes de la finalité et de leurs droits d'accès, de rectification "
                        "et d'opposition.</li><li>Limiter l'accès aux listes et fixer une durée de "
                        "conservation.</li><li>Déclarer le traitement à la CNDP ou demander son "
                        "autorisation selon le cas.</li></ul>",
                    ),
                    (
                        "p",
                        "<p><b>Exercice :</b> relisez votre fiche d'inscription et supprimez "
                        "chaque case qui ne sert pas une finalité claire.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "sauvegarde-incidents",
            "minutes": 30,
            "ar": {
                "title": "النسخ الاحتياطي والاستجابة للحوادث",
                "body": [
                    ("h", "قاعدة 3-2-1"),
                    (
                        "p",
                        "<p>ثلاث نسخ من الملفات المهمة، على وسيطين مختلفين، إحداها خارج مقر "
                        "الجمعية. جربوا الاسترجاع مرة كل ثلاثة أشهر.</p>",
                    ),
                    ("h", "إذا وقع الحادث"),
                    (
                        "p",
                        "<ol><li>غيروا كلمات المرور المعنية وأغلقوا الجلسات المفتوحة.</li>"
                        "<li>دونوا ما وقع ومتى ومن اكتشفه.</li><li>أخبروا الأشخاص المعنيين إن "
                        "تسربت معطياتهم، والشريك المانح إن تأثر المشروع.</li><li>استخلصوا "
                        "الدروس وحدثوا قواعدكم.</li></ol>",
                    ),
                ],
            },
            "fr": {
                "title": "Sauvegardes et réponse aux incidents",
                "body": [
                    ("h", "La règle 3-2-1"),
                    (
                        "p",
                        "<p>Trois copies des fichiers importants, sur deux supports "
                        "différents, dont une hors du local. Testez une restauration chaque "
                        "trimestre.</p>",
                    ),
                    ("h", "Si l'incident survient"),
                    (
                        "p",
                        "<ol><li>Changez les mots de passe touchés et fermez les sessions "
                        "ouvertes.</li><li>Notez ce qui s'est passé, quand et qui l'a vu.</li>"
                        "<li>Prévenez les personnes dont les données ont fuité, et le bailleur si "
                        "le projet est touché.</li><li>Tirez-en les leçons et mettez vos règles à "
                        "jour.</li></ol>",
                    ),
                ],
            },
        },
    ],
}

COMMUNICATION = {
    "slug": "communication-numerique",
    "owner": "trainer_a",
    "programme_field": "digital",
    "theme": "communication",
    "level": "beginner",
    "format": "blended",
    "duration_hours": Decimal("6"),
    "ar": {
        "title": "التواصل الرقمي للجمعيات",
        "summary": "كيف تعرف الجمعية بأنشطتها وتعبئ المتطوعين والشركاء عبر الشبكات الاجتماعية: "
        "الجمهور والرسالة، خطة النشر، كتابة منشورات في متناول الجميع، وقياس النتائج.",
        "audience": "المكلفون بالتواصل في الجمعيات المحلية",
        "objectives": [
            "تحديد جمهور الجمعية ورسالتها الأساسية",
            "إعداد جدول نشر شهري واقعي",
            "كتابة منشورات واضحة ومتاحة لذوي الإعاقة",
            "قراءة مؤشرات بسيطة لتحسين التواصل",
        ],
        "prerequisites": "أن تكون للجمعية صفحة على شبكة اجتماعية واحدة على الأقل.",
    },
    "fr": {
        "title": "La communication numérique des associations",
        "summary": "Faire connaître les actions de l'association et mobiliser bénévoles et "
        "partenaires sur les réseaux sociaux : public et message, calendrier éditorial, "
        "publications accessibles, mesure des résultats.",
        "audience": "Chargés de communication des associations locales",
        "objectives": [
            "Définir le public et le message clé de l'association",
            "Préparer un calendrier éditorial mensuel réaliste",
            "Rédiger des publications claires et accessibles",
            "Lire quelques indicateurs pour améliorer sa communication",
        ],
        "prerequisites": "L'association a une page sur au moins un réseau social.",
    },
    "lessons": [
        {
            "slug": "public-message",
            "minutes": 30,
            "ar": {
                "title": "الجمهور والرسالة",
                "body": [
                    (
                        "p",
                        "<p>قبل النشر، أجيبوا عن ثلاثة أسئلة: من نخاطب؟ ماذا نريد أن يفعل؟ "
                        "لماذا يثق بنا؟ شباب الحي، والمنتخبون، والمانحون لا يقرؤون الرسالة "
                        "نفسها.</p>",
                    ),
                    (
                        "p",
                        "<p><b>تمرين:</b> اكتبوا رسالة الجمعية في جملة واحدة لا تتجاوز "
                        "عشرين كلمة، بالعربية والدارجة والأمازيغية إن كان جمهوركم يتحدثها.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Le public et le message",
                "body": [
                    (
                        "p",
                        "<p>Avant de publier, répondez à trois questions : à qui parle-t-on ? "
                        "Que veut-on qu'il fasse ? Pourquoi nous ferait-il confiance ? Les "
                        "jeunes du "
                        "quartier, les élus et les bailleurs ne lisent pas le même message.</p>",
                    ),
                    (
                        "p",
                        "<p><b>Exercice :</b> écrivez le message de l'association en une "
                        "phrase de vingt mots au plus, en arabe, en darija et en amazighe si votre "
                        "public la parle.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "calendrier-editorial",
            "minutes": 35,
            "ar": {
                "title": "جدول النشر الشهري",
                "body": [
                    (
                        "p",
                        "<p>منشوران أو ثلاثة أسبوعيا بانتظام أفضل من عشرة منشورات في أسبوع "
                        "ثم صمت. وزعوا المحتوى على أربعة أنواع:</p><ul><li>الإعلان عن نشاط "
                        "قادم</li><li>صور وشهادات بعد النشاط (بموافقة المعنيين)</li><li>معلومة "
                        "مفيدة في مجال عملكم</li><li>شكر الشركاء والمتطوعين</li></ul>",
                    ),
                ],
            },
            "fr": {
                "title": "Le calendrier éditorial mensuel",
                "body": [
                    (
                        "p",
                        "<p>Deux ou trois publications régulières par semaine valent mieux "
                        "que dix en une semaine puis le silence. Répartissez quatre types de "
                        "contenu :</p><ul><li>l'annonce d'une activité</li><li>photos et "
                        "témoignages après l'activité (avec l'accord des personnes)</li><li>une "
                        "information utile dans votre domaine</li><li>les remerciements aux "
                        "partenaires et bénévoles</li></ul>",
                    ),
                ],
            },
        },
        {
            "slug": "publications-accessibles",
            "minutes": 30,
            "ar": {
                "title": "منشورات واضحة ومتاحة للجميع",
                "body": [
                    (
                        "p",
                        "<ul><li>جملة أولى تقول الأهم: ماذا، متى، أين.</li><li>وصف نصي لكل "
                        "صورة لفائدة المكفوفين.</li><li>ترجمة مكتوبة للفيديوهات.</li><li>تباين "
                        "قوي بين النص والخلفية في التصاميم.</li></ul>",
                    ),
                ],
            },
            "fr": {
                "title": "Des publications claires et accessibles",
                "body": [
                    (
                        "p",
                        "<ul><li>Une première phrase qui dit l'essentiel : quoi, quand, "
                        "où.</li><li>Un texte alternatif pour chaque image, pour les personnes "
                        "aveugles.</li><li>Des sous-titres pour les vidéos.</li><li>Un contraste "
                        "fort entre texte et fond dans les visuels.</li></ul>",
                    ),
                ],
            },
        },
        {
            "slug": "mesurer",
            "minutes": 25,
            "ar": {
                "title": "قياس النتائج",
                "body": [
                    (
                        "p",
                        "<p>عدد الإعجابات لا يكفي. تابعوا كل شهر: عدد من وصلتهم المنشورات، "
                        "والتسجيلات في الأنشطة عبر الرابط، والرسائل الواردة. قارنوا بالشهر السابق "
                        "واحتفظوا بما نجح.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Mesurer les résultats",
                "body": [
                    (
                        "p",
                        "<p>Les « j'aime » ne suffisent pas. Suivez chaque mois la portée des "
                        "publications, les inscriptions venues par le lien et les messages reçus. "
                        "Comparez avec le mois précédent et gardez ce qui marche.</p>",
                    ),
                ],
            },
        },
    ],
}

CONTENT = {
    "slug": "gestion-contenu-numerique",
    "owner": "trainer_a",
    "programme_field": "digital",
    "theme": "content",
    "level": "intermediate",
    "format": "in_person",
    "duration_hours": Decimal("5"),
    "ar": {
        "title": "تدبير المحتوى الرقمي للجمعية",
        "summary": "تنظيم ملفات الجمعية المشتركة، العمل الجماعي على الوثائق، احترام حقوق الصور "
        "والنصوص، وأرشفة ما تنتجه الجمعية ليبقى متاحا بعد انتهاء المشروع.",
        "audience": "الكتاب العامون والمكلفون بالأرشيف في الجمعيات",
        "objectives": [
            "اعتماد تسمية وترتيب موحدين للملفات",
            "العمل على وثيقة مشتركة دون فقدان النسخ",
            "التحقق من حقوق استعمال صورة أو نص",
            "أرشفة وثائق المشروع ووثائقه المثبتة",
        ],
        "prerequisites": "حاسوب وحساب بريد إلكتروني للجمعية.",
    },
    "fr": {
        "title": "Gérer le contenu numérique de l'association",
        "summary": "Organiser les fichiers partagés, travailler à plusieurs sur les documents, "
        "respecter les droits sur les images et les textes, et archiver ce que produit "
        "l'association pour qu'il reste disponible après le projet.",
        "audience": "Secrétaires généraux et responsables des archives associatives",
        "objectives": [
            "Adopter un nommage et un classement communs",
            "Travailler à plusieurs sur un document sans perdre de version",
            "Vérifier les droits d'utilisation d'une image ou d'un texte",
            "Archiver les documents du projet et les pièces justificatives",
        ],
        "prerequisites": "Un ordinateur et une adresse électronique de l'association.",
    },
    "lessons": [
        {
            "slug": "nommer-classer",
            "minutes": 30,
            "ar": {
                "title": "تسمية الملفات وترتيبها",
                "body": [
                    (
                        "p",
                        "<p>اعتمدوا صيغة واحدة: <b>التاريخ_المشروع_نوع-الوثيقة_النسخة</b>، "
                        "مثل 2024-03-15_دورة-الرقمنة_ورقة-الحضور_v2. التاريخ أولا يرتب الملفات "
                        "زمنيا تلقائيا.</p>",
                    ),
                    (
                        "p",
                        "<p>رتبوا المجلدات حسب المشروع ثم حسب النوع: التقارير، الوثائق "
                        "المثبتة، الصور، التواصل.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Nommer et classer les fichiers",
                "body": [
                    (
                        "p",
                        "<p>Adoptez un seul format : <b>date_projet_type-de-document_"
                        "version</b>, par exemple 2024-03-15_formation-numerique_feuille-presence"
                        "_v2. La date en tête trie les fichiers dans l'ordre chronologique.</p>",
                    ),
                    (
                        "p",
                        "<p>Classez les dossiers par projet puis par type : rapports, pièces "
                        "justificatives, photos, communication.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "documents-partages",
            "minutes": 35,
            "ar": {
                "title": "العمل الجماعي على الوثائق",
                "body": [
                    (
                        "p",
                        "<p>وثيقة واحدة مشتركة أفضل من عشر نسخ في البريد. استعملوا خاصية "
                        "التعليقات بدل الحذف، وسجل النسخ للرجوع إلى صيغة سابقة، وامنحوا حق التعديل "
                        "لمن يحتاجه فقط.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Travailler à plusieurs sur les documents",
                "body": [
                    (
                        "p",
                        "<p>Un document partagé vaut mieux que dix copies par courriel. "
                        "Utilisez les commentaires plutôt que la suppression, l'historique des "
                        "versions pour revenir en arrière, et ne donnez le droit de modifier qu'à "
                        "ceux qui en ont besoin.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "droits-images",
            "minutes": 35,
            "ar": {
                "title": "حقوق الصور والنصوص",
                "body": [
                    (
                        "p",
                        "<ul><li>صورة وجدتموها على الإنترنت ليست حرة بالضرورة: ابحثوا عن "
                        "رخصة المشاع الإبداعي واذكروا المصدر.</li><li>تصوير المشاركين يحتاج إلى "
                        "موافقتهم، وموافقة الولي بالنسبة للقاصرين.</li><li>احتفظوا بالموافقات "
                        "المكتوبة مع الصور.</li></ul>",
                    ),
                ],
            },
            "fr": {
                "title": "Les droits sur les images et les textes",
                "body": [
                    (
                        "p",
                        "<ul><li>Une image trouvée en ligne n'est pas libre pour autant : "
                        "cherchez une licence Creative Commons et citez la "
                        "source.</li><li>Photographier "
                        "les participants demande leur accord, et celui des parents pour les "
                        "mineurs.</li><li>Conservez les accords écrits avec les photos.</li></ul>",
                    ),
                ],
            },
        },
        {
            "slug": "archiver",
            "minutes": 30,
            "ar": {
                "title": "أرشفة وثائق المشروع",
                "body": [
                    (
                        "p",
                        "<p>يطلب المانح الوثائق المثبتة لصرف الشطر الثاني: أوراق الحضور، "
                        "الفواتير، الصور، التقارير. احفظوها بصيغة PDF مع تاريخ واضح، في مجلد لكل "
                        "نشاط، ونسخة احتياطية خارج المقر.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Archiver les documents du projet",
                "body": [
                    (
                        "p",
                        "<p>Le bailleur demande les pièces justificatives pour verser la "
                        "deuxième tranche : feuilles de présence, factures, photos, rapports. "
                        "Gardez-les en PDF datés, un dossier par activité, avec une copie hors du "
                        "local.</p>",
                    ),
                ],
            },
        },
    ],
}

PARTICIPATION = {
    "slug": "petitions-motions",
    "owner": "democracy",
    "programme_field": "democracy",
    "theme": "participation",
    "level": "beginner",
    "format": "in_person",
    "duration_hours": Decimal("8"),
    "ar": {
        "title": "آليات الديمقراطية التشاركية: العرائض والملتمسات",
        "summary": "ما يتيحه دستور 2011 للمواطنات والمواطنين والجمعيات للمشاركة في القرار العمومي: "
        "العرائض إلى السلطات العمومية وإلى الجماعات الترابية، والملتمسات في مجال التشريع.",
        "audience": "أعضاء الجمعيات والمواطنات والمواطنون المهتمون بالشأن المحلي",
        "objectives": [
            "معرفة الأساس الدستوري للديمقراطية التشاركية",
            "إعداد عريضة إلى جماعة أو إلى رئيس الحكومة",
            "فهم شروط تقديم ملتمس في مجال التشريع",
            "استعمال بوابة المشاركة المواطنة",
        ],
        "prerequisites": "لا شيء.",
    },
    "fr": {
        "title": "Les mécanismes de la démocratie participative : pétitions et motions",
        "summary": "Ce que la Constitution de 2011 offre aux citoyens et aux associations pour "
        "participer à la décision publique : les pétitions aux pouvoirs publics et aux "
        "collectivités territoriales, et les motions en matière législative.",
        "audience": "Membres d'associations, citoyennes et citoyens intéressés par la vie locale",
        "objectives": [
            "Connaître la base constitutionnelle de la démocratie participative",
            "Préparer une pétition à une commune ou au Chef du gouvernement",
            "Comprendre les conditions d'une motion en matière législative",
            "Utiliser le portail de la participation citoyenne",
        ],
        "prerequisites": "Aucun.",
    },
    "lessons": [
        {
            "slug": "cadre-constitutionnel",
            "minutes": 40,
            "ar": {
                "title": "الإطار الدستوري",
                "body": [
                    (
                        "p",
                        "<p>يقر الفصل 12 من الدستور مساهمة الجمعيات في إعداد القرارات "
                        "والمشاريع وتفعيلها وتقييمها. ويحدث الفصل 13 هيئات للتشاور، ويمنح "
                        "الفصل 14 حق تقديم ملتمسات في مجال التشريع، والفصل 15 حق تقديم عرائض إلى "
                        "السلطات العمومية، والفصل 139 حق تقديم عرائض إلى مجالس الجماعات "
                        "الترابية.</p>",
                    ),
                    (
                        "p",
                        "<p>نظمت هذه الحقوق قوانين تنظيمية: 44.14 للعرائض و64.14 للملتمسات، "
                        "ثم 111.14 و112.14 و113.14 للجهات والعمالات والأقاليم والجماعات.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "Le cadre constitutionnel",
                "body": [
                    (
                        "p",
                        "<p>L'article 12 de la Constitution reconnaît la contribution des "
                        "associations à l'élaboration, la mise en œuvre et l'évaluation des "
                        "décisions et projets. L'article 13 crée des instances de concertation, "
                        "l'article 14 ouvre le droit de présenter des motions en matière "
                        "législative, l'article 15 celui d'adresser des pétitions aux pouvoirs "
                        "publics, et l'article 139 des pétitions aux conseils des collectivités "
                        "territoriales.</p>",
                    ),
                    (
                        "p",
                        "<p>Des lois organiques les organisent : 44-14 pour les pétitions, "
                        "64-14 pour les motions, puis 111-14, 112-14 et 113-14 pour les régions, "
                        "préfectures et provinces, et communes.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "petitions-pouvoirs-publics",
            "minutes": 45,
            "ar": {
                "title": "العريضة إلى السلطات العمومية",
                "body": [
                    (
                        "p",
                        "<p>تقدم العريضة إلى رئيس الحكومة أو إلى رئيس أحد مجلسي البرلمان، "
                        "وتتضمن مطالب أو مقترحات أو توصيات تخدم المصلحة العامة. يحدد القانون "
                        "التنظيمي 44.14 كما عدل سنة 2021 الحد الأدنى للتوقيعات في 4000 توقيع، "
                        "وتودع "
                        "العرائض إلكترونيا عبر بوابة المشاركة المواطنة.</p>",
                    ),
                    ("h", "خطوات عملية"),
                    (
                        "p",
                        "<ol><li>صياغة موضوع واضح ومطالب محددة.</li><li>تشكيل لجنة تقديم "
                        "العريضة.</li><li>جمع التوقيعات ومتابعة الإيداع.</li><li>تتبع الجواب داخل "
                        "الآجال القانونية.</li></ol>"
                        "<p>تحققوا دائما من آخر صيغة للنص على البوابة الرسمية قبل الإيداع.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "La pétition aux pouvoirs publics",
                "body": [
                    (
                        "p",
                        "<p>La pétition est adressée au Chef du gouvernement ou au président "
                        "de l'une des chambres du Parlement ; elle contient des demandes, "
                        "propositions ou recommandations d'intérêt général. La loi organique "
                        "44-14, modifiée en 2021, fixe le minimum à 4 000 signatures ; le dépôt "
                        "se fait en ligne sur le portail de la participation citoyenne.</p>",
                    ),
                    ("h", "Les étapes"),
                    (
                        "p",
                        "<ol><li>Formuler un objet clair et des demandes précises.</li>"
                        "<li>Constituer le comité de présentation.</li><li>Recueillir les "
                        "signatures et suivre le dépôt.</li><li>Suivre la réponse dans les délais "
                        "légaux.</li></ol><p>Vérifiez toujours la version en vigueur du texte sur "
                        "le portail officiel avant de déposer.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "motions-legislatives",
            "minutes": 40,
            "ar": {
                "title": "الملتمس في مجال التشريع",
                "body": [
                    (
                        "p",
                        "<p>الملتمس مقترح يقدمه المواطنات والمواطنون بهدف المساهمة في "
                        "المبادرة التشريعية، ويوجه إلى أحد مجلسي البرلمان. حدد القانون التنظيمي "
                        "64.14 بعد تعديله سنة 2021 عدد المدعمين في 20000 توقيع على الأقل.</p>",
                    ),
                    (
                        "p",
                        "<p>يجب أن يكون للملتمس موضوع يدخل في مجال القانون، ومذكرة توضح "
                        "أسبابه وأهدافه. يمكن للجمعيات أن تؤطر المواطنين وتساعدهم على الصياغة، "
                        "لكن المبادرة تبقى للمواطنات والمواطنين.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "La motion en matière législative",
                "body": [
                    (
                        "p",
                        "<p>La motion est une proposition des citoyennes et citoyens pour "
                        "contribuer à l'initiative législative ; elle est adressée à l'une des "
                        "chambres du Parlement. La loi organique 64-14, modifiée en 2021, exige au "
                        "moins 20 000 soutiens.</p>",
                    ),
                    (
                        "p",
                        "<p>Son objet doit relever du domaine de la loi et s'accompagner d'une "
                        "note exposant ses motifs et objectifs. Les associations peuvent "
                        "accompagner les citoyens et les aider à rédiger, mais l'initiative reste "
                        "la leur.</p>",
                    ),
                ],
            },
        },
        {
            "slug": "petitions-communes",
            "minutes": 45,
            "ar": {
                "title": "العريضة إلى مجلس الجماعة",
                "body": [
                    (
                        "p",
                        "<p>تطلب العريضة من مجلس الجماعة إدراج نقطة تدخل في صلاحياته ضمن "
                        "جدول أعماله. يحدد القانون التنظيمي 113.14 شروطها: يمكن أن تقدمها "
                        "المواطنات والمواطنون المقيمون بالجماعة أو الذين يمارسون بها نشاطا، أو "
                        "جمعية مؤسسة بصفة قانونية منذ أكثر من ثلاث سنوات ولها مقر أو فرع بتراب "
                        "الجماعة.</p>",
                    ),
                    (
                        "p",
                        "<p><b>تمرين جماعي:</b> اختاروا مشكلا في حيكم (إنارة، نقل، فضاء "
                        "للشباب)، واكتبوا نص عريضة من صفحة واحدة: الموضوع، المعطيات، المطلب، "
                        "واقتراح حل.</p>",
                    ),
                ],
            },
            "fr": {
                "title": "La pétition au conseil communal",
                "body": [
                    (
                        "p",
                        "<p>La pétition demande au conseil communal d'inscrire à son ordre "
                        "du jour une question de sa compétence. La loi organique 113-14 en fixe "
                        "les conditions : elle peut venir des citoyennes et citoyens résidant dans "
                        "la commune ou y exerçant une activité, ou d'une association légalement "
                        "constituée depuis plus de trois ans et ayant son siège ou une antenne sur "
                        "le territoire de la commune.</p>",
                    ),
                    (
                        "p",
                        "<p><b>Exercice en groupe :</b> choisissez un problème de votre "
                        "quartier (éclairage, transport, espace pour les jeunes) et rédigez une "
                        "pétition d'une page : objet, constats, demande, solution proposée.</p>",
                    ),
                ],
            },
        },
    ],
}

COURSES = [CYBERSECURITY, COMMUNICATION, CONTENT, PARTICIPATION]

CATALOG = {
    "slug": "courses",
    "ar": {
        "title": "الدورات التكوينية",
        "intro": "دورات تعدها الجمعيات المكوِّنة في الديمقراطية التشاركية وولوج الجمعيات إلى "
        "الرقمنة، يراجعها المكلفون بالبرنامج قبل نشرها.",
    },
    "fr": {
        "title": "Formations",
        "intro": "Des formations préparées par les associations formatrices, en démocratie "
        "participative et en accès au numérique, relues par les chargés de programme avant "
        "publication.",
    },
}
