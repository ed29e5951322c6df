import type { DemoMasterName } from "./demo-masters";

/**
 * Module content, by kind. `page`: Markdown shown in the portal; `link`: an external resource;
 * `quiz`: single-choice questions (`answer` is the index of the right choice). A SCORM module
 * carries its package reference instead, once imported.
 */
export type DemoModule =
  | { kind: "page"; title: string; minutes: number; content: { format: "markdown"; body: string } }
  | { kind: "link"; title: string; minutes: number; content: { url: string; label: string } }
  | {
      kind: "quiz";
      title: string;
      minutes: number;
      content: { questions: { prompt: string; choices: string[]; answer: number }[] };
    };

export type DemoTraining = {
  code: string;
  title: string;
  domain: string;
  summary: string;
  objectives: string[];
  durationHours: number;
  modality: "onsite" | "remote" | "blended";
  prerequisiteCodes: string[];
  /** What its room sessions boot. */
  master: DemoMasterName;
  modules: DemoModule[];
};

/** Completion rules as stored in `trainings.rules` (parsed by the domain's assessment rules). */
export const demoRules = { passingScorePercent: 70, maxAttempts: 3, minAttendancePercent: 80 };

const page = (title: string, minutes: number, body: string): DemoModule => ({
  kind: "page",
  title,
  minutes,
  content: { format: "markdown", body },
});
const link = (title: string, minutes: number, url: string, label: string): DemoModule => ({
  kind: "link",
  title,
  minutes,
  content: { url, label },
});
const quiz = (title: string, minutes: number, ...questions: [string, string[], number][]): DemoModule => ({
  kind: "quiz",
  title,
  minutes,
  content: { questions: questions.map(([prompt, choices, answer]) => ({ prompt, choices, answer })) },
});

export const demoTrainings: readonly DemoTraining[] = [
  {
    code: "COMPTA-01",
    title: "Les fondamentaux de la comptabilité générale",
    domain: "Comptabilité",
    summary:
      "Comprendre la logique de la partie double, tenir les journaux et lire un bilan simple pour dialoguer avec l'expert-comptable.",
    objectives: [
      "Enregistrer les opérations courantes en partie double",
      "Utiliser le plan comptable général",
      "Lire un bilan et un compte de résultat",
    ],
    durationHours: 35,
    modality: "blended",
    prerequisiteCodes: [],
    master: "windows-11",
    modules: [
      page(
        "La partie double",
        45,
        "# La partie double\n\nToute opération touche **au moins deux comptes** : un débit et un crédit de même montant.\n\n- Achat de fournitures payé par banque : débit 606, crédit 512.\n- Vente encaissée : débit 512, crédit 706.",
      ),
      page(
        "Le plan comptable général",
        60,
        "# Le plan comptable général\n\nLes classes 1 à 5 forment le bilan, les classes 6 et 7 le compte de résultat.",
      ),
      link(
        "Le plan comptable sur le site de l'ANC",
        20,
        "https://www.anc.gouv.fr/normes-francaises/recueils",
        "Autorité des normes comptables — recueils",
      ),
      quiz(
        "Évaluation : écritures courantes",
        30,
        ["Un achat de fournitures payé par virement se débite au compte…", ["512", "606", "706", "401"], 1],
        ["La classe 7 regroupe…", ["les charges", "les produits", "les tiers", "les immobilisations"], 1],
        ["Le total du débit d'une écriture est…", ["supérieur au crédit", "égal au crédit", "libre"], 1],
      ),
    ],
  },
  {
    code: "COMPTA-02",
    title: "Paie et déclarations sociales (DSN)",
    domain: "Comptabilité",
    summary: "Établir un bulletin de paie conforme et produire la déclaration sociale nominative mensuelle.",
    objectives: [
      "Calculer le brut, les cotisations et le net à payer",
      "Traiter absences, congés payés et heures supplémentaires",
      "Déposer et contrôler une DSN",
    ],
    durationHours: 21,
    modality: "onsite",
    prerequisiteCodes: ["COMPTA-01"],
    master: "windows-11",
    modules: [
      page(
        "Du brut au net",
        60,
        "# Du brut au net\n\nSalaire de base + primes + heures supplémentaires − cotisations salariales = net à payer.",
      ),
      page(
        "Absences et congés payés",
        45,
        "# Absences et congés payés\n\nMaintien de salaire, règle du dixième et indemnité compensatrice.",
      ),
      link(
        "Le guide DSN",
        30,
        "https://www.net-entreprises.fr/declaration/dsn-info/",
        "net-entreprises.fr — DSN info",
      ),
      quiz(
        "Évaluation : bulletin de paie",
        30,
        ["La DSN est déposée…", ["chaque année", "chaque mois", "chaque trimestre"], 1],
        [
          "Le net à payer se calcule après…",
          ["les cotisations salariales", "l'impôt sur les sociétés", "la TVA"],
          0,
        ],
      ),
    ],
  },
  {
    code: "CAO-01",
    title: "Dessin technique avec FreeCAD",
    domain: "CAO",
    summary: "Modéliser des pièces mécaniques simples en 3D et en tirer une mise en plan cotée.",
    objectives: [
      "Esquisser et contraindre un profil",
      "Extruder, percer et chanfreiner",
      "Produire une mise en plan cotée",
    ],
    durationHours: 28,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "debian",
    modules: [
      page(
        "Esquisses et contraintes",
        90,
        "# Esquisses et contraintes\n\nUne esquisse *entièrement contrainte* s'affiche en vert.",
      ),
      page(
        "Fonctions volumiques",
        90,
        "# Fonctions volumiques\n\nProtrusion, cavité, perçage, congé et chanfrein.",
      ),
      link("Documentation FreeCAD en français", 20, "https://wiki.freecad.org/Main_Page/fr", "Wiki FreeCAD"),
      quiz(
        "Évaluation : modélisation",
        30,
        ["Une esquisse entièrement contrainte s'affiche en…", ["rouge", "vert", "blanc"], 1],
        ["Pour enlever de la matière on utilise…", ["une protrusion", "une cavité", "une esquisse"], 1],
      ),
    ],
  },
  {
    code: "CAO-02",
    title: "Initiation à AutoCAD 2D",
    domain: "CAO",
    summary:
      "Réaliser et modifier des plans 2D propres : calques, cotation, blocs et mise en page pour l'impression.",
    objectives: [
      "Dessiner avec précision (accrochages, coordonnées)",
      "Organiser un plan en calques",
      "Coter et imprimer à l'échelle",
    ],
    durationHours: 35,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "windows-10",
    modules: [
      page(
        "L'interface et les coordonnées",
        60,
        "# Coordonnées\n\nAbsolues `x,y`, relatives `@x,y`, polaires `@d<a`.",
      ),
      page(
        "Calques et blocs",
        60,
        "# Calques et blocs\n\nUn calque par nature d'objet ; un bloc pour tout élément répété.",
      ),
      quiz(
        "Évaluation : dessin 2D",
        30,
        ["La saisie relative commence par…", ["#", "@", "<"], 1],
        ["Pour un élément répété on crée…", ["un calque", "un bloc", "une présentation"], 1],
      ),
    ],
  },
  {
    code: "LOG-01",
    title: "Gestion des stocks et des entrepôts",
    domain: "Logistique",
    summary:
      "Piloter un stock : classification ABC, points de commande, inventaires et indicateurs de performance.",
    objectives: [
      "Classer les articles (ABC)",
      "Calculer un stock de sécurité et un point de commande",
      "Suivre les indicateurs d'un entrepôt",
    ],
    durationHours: 21,
    modality: "blended",
    prerequisiteCodes: [],
    master: "windows-10",
    modules: [
      page(
        "La méthode ABC",
        45,
        "# La méthode ABC\n\n20 % des références font souvent 80 % de la valeur consommée.",
      ),
      page(
        "Point de commande",
        45,
        "# Point de commande\n\nConsommation pendant le délai + stock de sécurité.",
      ),
      quiz(
        "Évaluation : gestion des stocks",
        20,
        [
          "Les articles A représentent…",
          ["peu de valeur", "l'essentiel de la valeur", "les articles périmés"],
          1,
        ],
        ["Le point de commande inclut…", ["le stock de sécurité", "le chiffre d'affaires", "la marge"], 0],
      ),
    ],
  },
  {
    code: "LOG-02",
    title: "Cariste : théorie du CACES® R489",
    domain: "Logistique",
    summary:
      "Préparer l'épreuve théorique du CACES® R489 : réglementation, stabilité, plaque de charge et circulation.",
    objectives: [
      "Connaître les obligations du conducteur",
      "Lire une plaque de charge",
      "Appliquer les règles de circulation",
    ],
    durationHours: 14,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "windows-10",
    modules: [
      page(
        "Rôle et responsabilités du cariste",
        40,
        "# Responsabilités\n\nL'autorisation de conduite est délivrée par l'employeur.",
      ),
      link(
        "La recommandation R489 (INRS)",
        20,
        "https://www.inrs.fr/media.html?refINRS=R%20489",
        "INRS — R 489",
      ),
      quiz(
        "Test blanc théorique",
        30,
        [
          "L'autorisation de conduite est délivrée par…",
          ["l'organisme testeur", "l'employeur", "la préfecture"],
          1,
        ],
        [
          "La plaque de charge indique…",
          ["la vitesse maximale", "la charge admissible selon la hauteur", "la date de contrôle"],
          1,
        ],
      ),
    ],
  },
  {
    code: "BUR-01",
    title: "Excel : tableaux croisés dynamiques et fonctions avancées",
    domain: "Bureautique",
    summary:
      "Analyser des données avec les tableaux croisés dynamiques, RECHERCHEX et les fonctions conditionnelles.",
    objectives: [
      "Construire un tableau croisé dynamique",
      "Utiliser RECHERCHEX et SI.CONDITIONS",
      "Mettre en forme conditionnellement",
    ],
    durationHours: 14,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "windows-11",
    modules: [
      page(
        "Préparer ses données",
        30,
        "# Préparer ses données\n\nUne ligne par enregistrement, une colonne par champ, pas de cellules fusionnées.",
      ),
      page(
        "Tableaux croisés dynamiques",
        60,
        "# Tableaux croisés dynamiques\n\nLignes, colonnes, valeurs et filtres.",
      ),
      quiz(
        "Évaluation : Excel avancé",
        20,
        ["RECHERCHEX remplace avantageusement…", ["SOMME", "RECHERCHEV", "CONCAT"], 1],
        [
          "Avant un TCD, les données doivent être…",
          ["fusionnées", "en tableau sans lignes vides", "en couleur"],
          1,
        ],
      ),
    ],
  },
  {
    code: "BUR-02",
    title: "Documents professionnels avec LibreOffice Writer",
    domain: "Bureautique",
    summary:
      "Produire des courriers et des rapports soignés : styles, tables des matières, publipostage et export PDF.",
    objectives: [
      "Structurer un document avec les styles",
      "Générer une table des matières",
      "Réaliser un publipostage",
    ],
    durationHours: 14,
    modality: "blended",
    prerequisiteCodes: [],
    master: "debian",
    modules: [
      page(
        "Les styles de paragraphe",
        45,
        "# Les styles\n\nTitre 1, Titre 2, Corps de texte : la mise en forme suit la structure.",
      ),
      link(
        "Guide de Writer (documentation LibreOffice)",
        30,
        "https://documentation.libreoffice.org/fr/documentation-francaise/",
        "Documentation LibreOffice",
      ),
      quiz("Évaluation : Writer", 20, [
        "Une table des matières s'appuie sur…",
        ["les styles de titre", "la police", "les marges"],
        0,
      ]),
    ],
  },
  {
    code: "LANG-01",
    title: "Anglais professionnel — niveau B1",
    domain: "Langues",
    summary:
      "Communiquer en anglais au travail : téléphone, courriels, réunions et présentation de son activité.",
    objectives: [
      "Se présenter et présenter son entreprise",
      "Rédiger un courriel professionnel",
      "Participer à une réunion simple",
    ],
    durationHours: 40,
    modality: "blended",
    prerequisiteCodes: [],
    master: "windows-11",
    modules: [
      page(
        "Introducing yourself",
        45,
        "# Introducing yourself\n\n*I work as… / I'm in charge of… / Our company provides…*",
      ),
      page("Writing e-mails", 45, "# Writing e-mails\n\n*Dear Ms Smith, … Kind regards.*"),
      quiz(
        "Évaluation : compréhension écrite",
        30,
        ["« Kind regards » se place…", ["en ouverture", "en formule finale", "en objet"], 1],
        [
          "« I'm in charge of » signifie…",
          ["je suis responsable de", "je suis facturé pour", "je suis en retard"],
          0,
        ],
      ),
    ],
  },
  {
    code: "LANG-02",
    title: "Espagnol pour l'accueil et le tourisme — A2",
    domain: "Langues",
    summary: "Accueillir, renseigner et orienter une clientèle hispanophone au comptoir comme au téléphone.",
    objectives: [
      "Accueillir et saluer",
      "Donner un itinéraire et des horaires",
      "Traiter une réclamation simple",
    ],
    durationHours: 30,
    modality: "remote",
    prerequisiteCodes: [],
    master: "windows-11",
    modules: [
      page("Saludar y acoger", 30, "# Saludar y acoger\n\n*Buenos días, ¿en qué puedo ayudarle?*"),
      quiz("Evaluación", 20, [
        "« ¿En qué puedo ayudarle? » signifie…",
        ["Où allez-vous ?", "Comment puis-je vous aider ?", "Quelle heure est-il ?"],
        1,
      ]),
    ],
  },
  {
    code: "MGT-01",
    title: "Manager une équipe de proximité",
    domain: "Management",
    summary:
      "Prendre sa place de manager : fixer des objectifs, conduire les entretiens, déléguer et gérer les tensions.",
    objectives: ["Fixer des objectifs SMART", "Conduire un entretien annuel", "Déléguer et suivre"],
    durationHours: 21,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "windows-11",
    modules: [
      page(
        "Des objectifs SMART",
        45,
        "# SMART\n\nSpécifique, Mesurable, Atteignable, Réaliste, Temporellement défini.",
      ),
      page("L'entretien annuel", 45, "# L'entretien annuel\n\nBilan, objectifs, besoins de formation."),
      quiz("Évaluation : posture managériale", 20, [
        "Le « M » de SMART signifie…",
        ["Motivant", "Mesurable", "Managérial"],
        1,
      ]),
    ],
  },
  {
    code: "SEC-01",
    title: "Cybersécurité : les bons réflexes au poste de travail",
    domain: "Sécurité",
    summary:
      "Reconnaître l'hameçonnage, protéger ses mots de passe et réagir correctement face à un incident.",
    objectives: ["Repérer un courriel frauduleux", "Gérer ses mots de passe", "Signaler un incident"],
    durationHours: 7,
    modality: "onsite",
    prerequisiteCodes: [],
    master: "debian",
    modules: [
      page(
        "L'hameçonnage",
        30,
        "# L'hameçonnage\n\nExpéditeur inattendu, urgence, lien déguisé : trois signaux d'alerte.",
      ),
      link(
        "Cybermalveillance.gouv.fr",
        15,
        "https://www.cybermalveillance.gouv.fr/",
        "Assistance et prévention du risque numérique",
      ),
      quiz(
        "Évaluation : bons réflexes",
        15,
        [
          "Un courriel urgent demande vos identifiants : vous…",
          ["répondez vite", "le signalez", "cliquez pour vérifier"],
          1,
        ],
        ["Un bon mot de passe est…", ["court et mémorisable", "long et unique", "le même partout"], 1],
      ),
    ],
  },
];
