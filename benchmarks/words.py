"""The words the synthetic corpus is written with, per language.

``CONTENT[lang]`` lists real migration-policy words roughly from the most to the least
frequent: the corpus draws them with Zipf-like weights by that rank, so the head is
common and the tail rare. ``FUNCTION[lang]`` holds the small words between them. The
lists are data, not grammar: the text reads like a bag of plausible words, with the
lengths, the accents and the frequency profile of real practice descriptions.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """The words of a block of text (kept as text so the lists stay readable)."""
    return text.split()


EN_CONTENT = _words(
    """
migrants migration migrant workers programme government national support services access rights
protection labour return community people countries women children families information policy
data local regional employment refugees border cooperation international training health social
legal status reintegration project partners authorities ministry public skills development
economic recruitment safe regular housing education law mechanism capacity framework strategy
assistance documentation identity remittances diaspora youth mobility agreement consular
networks system population work employers income vulnerable asylum seekers returnees smuggling
trafficking victims survivors detention alternatives screening reception shelter counselling
guidance orientation language courses vocational certification recognition qualifications
diplomas entrepreneurship microfinance savings loans banking financial inclusion transfer costs
fees corridors investment pension portability security insurance healthcare vaccination clinics
psychosocial wellbeing trauma mental disability elderly unaccompanied minors guardianship
schooling enrolment teachers classrooms scholarships apprenticeships internships placements
jobseekers vacancies matching platforms digital online application portal registration database
statistics census surveys indicators monitoring evaluation baseline outcomes impact evidence
research analysis reporting transparency accountability oversight governance coordination
committee council taskforce secretariat municipality municipalities cities towns villages rural
urban province provinces districts neighbourhood settlement settlements camps hosts solidarity
cohesion discrimination xenophobia racism hate speech awareness campaign media journalists
messaging outreach volunteers civil society nongovernmental unions associations chambers
commerce private sector companies businesses enterprises supply chains ethical fair wages
contracts inspections inspectors complaints grievance redress justice courts judges lawyers
interpreters translation interpretation paralegals ombudsperson embassy embassies consulates
consuls attachés passports visas permits residence citizenship naturalisation statelessness
birth registry identification biometric cards documents regularisation amnesty pathways
resettlement relocation humanitarian admission sponsorship family reunification spouses
dependants students graduates researchers professionals nurses doctors caregivers domestic
agricultural seasonal construction fisheries hospitality manufacturing garment mining transport
logistics drivers seafarers fishermen climate environmental disasters drought floods
displacement displaced internally hurricanes cyclones desertification adaptation resilience
preparedness contingency evacuation warning rescue sea mediterranean desert routes crossings
missing forensic relatives tracing hotline helpline emergency response referral caseworkers
frontline officials officers police gendarmerie immigration customs checkpoints airports ports
bilateral multilateral memorandum understanding protocol convention treaty ratification
declaration compact objectives principles commitments review forum dialogue consultations
stakeholders donors funding budget allocation grants financing sustainability replicability
scaling pilot phase expansion lessons challenges barriers gaps shortcomings risks safeguards
standards guidelines manual toolkit curriculum modules workshops seminars sessions participants
beneficiaries households recipients applicants candidates trainees mentors mentoring coaching
peer leaders cooperatives hometown philanthropy bonds infrastructure schools roads water
sanitation electricity hospitals markets agriculture farming livestock fishing tourism
consumption poverty reduction livelihoods dignity autonomy empowerment gender equality violence
exploitation abuse forced debt bondage servitude confiscation theft overtime hours rest
conditions occupational accidents injuries compensation coverage benefits allowances
unemployment maternity paternity leave childcare pensions contributions totalisation established
launched provided improved strengthened developed implemented coordinated trained registered
supported reduced increased expanded adopted created introduced facilitated enabled ensured
promoted monitored evaluated funded delivered reached assisted referred returned reintegrated
hired recruited documented certified recognised issued renewed extended simplified digitised
streamlined decentralised piloted scaled replicated sustained institutionalised mainstreamed
harmonised aligned negotiated signed ratified amended revised approved enacted transposed
enforced protected safeguarded empowered informed consulted engaged mobilised effective
sustainable comprehensive innovative inclusive accessible affordable transparent accountable
flexible targeted integrated participatory multilingual intercultural transnational circular
temporary permanent irregular undocumented informal formal voluntary dignified subregional
municipal federal provincial corridor quota quotas lottery points employer sponsor sponsors
tribunal appeal appeals deportation removal expulsion refoulement nonrefoulement readmission
escort escorts predeparture postarrival arrival departure transit destination origin hometowns
returnee retraining upskilling reskilling literacy numeracy tutoring kindergarten preschool
midwives pharmacists dentists engineers technicians electricians plumbers welders carpenters
masons cooks cleaners porters gardeners herders shepherds fishers dockworkers truckers couriers
vendors traders hawkers artisans tailors weavers potters brewers bakers butchers grocers miners
loggers sawmills quarries brickworks tanneries abattoirs greenhouses orchards vineyards
plantations cocoa coffee tea cotton sugarcane palm rubber rice wheat maize cassava vanilla
cashew shrimp tuna salmon seaweed
"""
)

FR_CONTENT = _words(
    """
migrants migration migratoire migratoires travailleurs travailleuses réfugiés réfugiées
gouvernement programme national nationale nationaux accès droits protection retour réintégration
intégration communauté communautés personnes pays femmes enfants familles information
informations politique politiques données locale locales régional régionale emploi frontière
frontières coopération internationale formation formations santé sociale sociaux juridique
juridiques statut processus projet projets partenaires organisations autorités ministère publics
publiques compétences développement économique économiques recrutement sûre sûres régulière
régulières logement éducation loi mécanisme capacités cadre stratégie assistance documentation
identité transferts diaspora jeunes jeunesse mobilité accord accords consulaire consulaires
réseaux système population travail employeurs revenus vulnérables demandeurs asile rapatriés
passeurs trafic traite victimes survivants rétention alternatives dépistage accueil hébergement
conseil orientation langue cours professionnelle professionnels certification reconnaissance
qualifications diplômes entrepreneuriat microfinance épargne prêts bancarisation inclusion
financière coûts frais corridors investissement retraite sécurité assurance soins vaccination
dispensaires psychosocial traumatisme mentale handicap âgées mineurs accompagnés tutelle
scolarisation inscription enseignants classes bourses apprentissage stages placements offres
plateformes numérique numériques ligne demande portail enregistrement base statistiques
recensement enquêtes indicateurs suivi évaluation référence résultats impact preuves recherche
analyse rapports transparence redevabilité contrôle gouvernance comité groupe secrétariat
municipalité municipalités villes communes villages rurales urbain urbaines province préfectures
districts quartiers établissements camps hôtes solidarité cohésion discrimination xénophobie
racisme haine sensibilisation campagne médias journalistes messages bénévoles société civile
syndicats associations chambres commerce secteur privé entreprises chaînes approvisionnement
éthique équitable salaires contrats inspections inspecteurs plaintes recours justice tribunaux
juges avocats aide interprètes traduction interprétation médiateur ambassade ambassades
consulats passeports visas permis séjour citoyenneté naturalisation apatridie naissance état
identification biométrique cartes documents régularisation réinstallation relocalisation
humanitaire admission parrainage regroupement familial conjoints étudiants diplômés chercheurs
infirmières médecins aidants domestiques agricoles saisonniers construction pêche hôtellerie
industrie textile mines transport chauffeurs marins climat environnementaux catastrophes
sécheresse inondations déplacement déplacés internes cyclones désertification adaptation
résilience préparation évacuation alerte précoce sauvetage mer méditerranée désert routes
traversées disparus décès proches urgence réponse gestion dossiers agents fonctionnaires police
gendarmerie immigration douanes aéroports ports bilatéral bilatéraux multilatéral mémorandum
entente protocole convention traité ratification déclaration pacte objectifs principes
engagements examen forum dialogue consultations prenantes bailleurs financement budget
allocation subventions durabilité reproductibilité extension pilote phase leçons défis obstacles
lacunes risques garanties normes directrices manuel guide curriculum modules ateliers séminaires
séances participants bénéficiaires ménages destinataires candidats stagiaires mentors tutorat
pairs responsables coopératives philanthropie obligations infrastructures écoles eau
assainissement électricité hôpitaux marchés agriculture élevage tourisme consommation pauvreté
réduction moyens subsistance dignité autonomie autonomisation égalité genre violence
exploitation abus forcé dette servitude confiscation vol salaire heures repos conditions
accidents blessures indemnisation couverture prestations allocations chômage maternité paternité
congé garde pensions cotisations portabilité établi lancé fourni amélioré renforcé développé
coordonné formé enregistré soutenu réduit augmenté élargi adopté créé introduit facilité assuré
promu évalué financé atteint accompagné orienté réintégrés recrutés délivré renouvelé simplifié
numérisé décentralisé institutionnalisé harmonisé négocié signé ratifié modifié approuvé
appliqué protégé informé consulté mobilisé efficace durable globale innovante inclusive
accessible abordable transparente flexible ciblée intégrée participative multilingue
interculturelle transfrontalière transnationale circulaire temporaire permanente irrégulière
irrégulières informelle formelle volontaire digne sensible quota quotas tirage employeur parrain
parrains appel appels expulsion éloignement refoulement réadmission escorte départ arrivée
transit destination origine reconversion alphabétisation calcul soutien scolaire maternelle
préscolaire sages-femmes pharmaciens dentistes ingénieurs techniciens électriciens plombiers
soudeurs charpentiers maçons cuisiniers nettoyeurs porteurs jardiniers éleveurs bergers pêcheurs
dockers camionneurs coursiers vendeurs commerçants colporteurs artisans tailleurs tisserands
potiers boulangers bouchers épiciers mineurs bûcherons scieries carrières briqueteries tanneries
abattoirs serres vergers vignobles plantations cacao café thé coton canne palmier caoutchouc riz
blé maïs manioc vanille cajou crevettes thon saumon algues
"""
)

ES_CONTENT = _words(
    """
migrantes migración migratoria migratorios trabajadores trabajadoras refugiados refugiadas
gobierno programa nacional nacionales acceso derechos protección retorno reintegración
integración comunidad comunidades personas países mujeres niños niñas familias información
política políticas datos local locales regional regionales empleo frontera fronteras cooperación
internacional formación capacitación salud social sociales jurídica jurídicos estatus proceso
proyecto proyectos socios organizaciones autoridades ministerio públicos públicas competencias
desarrollo económico económicos reclutamiento segura seguras regular regulares vivienda
educación ley mecanismo capacidades marco estrategia asistencia documentación identidad remesas
diáspora jóvenes juventud movilidad acuerdo acuerdos consular consulares redes sistema población
trabajo empleadores ingresos vulnerables solicitantes asilo retornados tráfico trata víctimas
sobrevivientes detención alternativas acogida albergue albergues orientación idioma cursos
profesional profesionales certificación reconocimiento cualificaciones títulos emprendimiento
microfinanzas ahorro préstamos bancarización inclusión financiera costos comisiones corredores
inversión pensiones seguridad seguro atención vacunación clínicas psicosocial bienestar trauma
mental discapacidad mayores menores acompañados tutela escolarización matrícula docentes aulas
becas aprendizaje pasantías colocación vacantes plataformas digital digitales línea solicitud
portal registro base estadísticas censo encuestas indicadores seguimiento evaluación resultados
impacto evidencia investigación análisis informes transparencia rendición cuentas supervisión
gobernanza comité consejo grupo secretaría municipio municipios ciudades pueblos aldeas rural
rurales urbano urbanas provincia departamentos distritos barrios asentamientos campamentos
anfitrionas solidaridad cohesión discriminación xenofobia racismo odio sensibilización campaña
medios periodistas mensajes voluntarios sociedad civil sindicatos asociaciones cámaras comercio
sector privado empresas cadenas suministro ética justa salarios contratos inspecciones
inspectores quejas reclamaciones justicia tribunales jueces abogados asesoría intérpretes
traducción interpretación defensoría embajada embajadas consulados pasaportes visados permisos
residencia ciudadanía naturalización apatridia nacimiento identificación biométrica tarjetas
documentos regularización reasentamiento reubicación humanitaria admisión patrocinio
reunificación familiar cónyuges estudiantes graduados investigadores enfermeras médicos
cuidadoras domésticas agrícolas temporeros construcción pesca hostelería manufactura textil
minería transporte conductores marinos clima ambientales desastres sequía inundaciones
desplazamiento desplazados internos huracanes desertificación adaptación resiliencia preparación
evacuación alerta temprana búsqueda rescate mar mediterráneo desierto rutas cruces desaparecidos
fallecidos forense familiares emergencia respuesta derivación gestión casos funcionarios
oficiales policía inmigración aduanas aeropuertos puertos bilateral multilateral memorando
entendimiento protocolo convención tratado ratificación declaración pacto objetivos principios
compromisos examen foro diálogo consultas actores donantes financiamiento presupuesto asignación
subvenciones sostenibilidad replicabilidad ampliación piloto fase lecciones desafíos obstáculos
brechas riesgos salvaguardias normas directrices manual guía currículo módulos talleres
seminarios sesiones participantes beneficiarios hogares destinatarios candidatos mentores
tutoría pares líderes cooperativas filantropía bonos infraestructura escuelas caminos agua
saneamiento electricidad hospitales mercados agricultura ganadería turismo consumo pobreza
reducción medios vida dignidad autonomía empoderamiento igualdad género violencia explotación
abuso forzoso deuda servidumbre confiscación robo horas descanso condiciones accidentes lesiones
indemnización cobertura prestaciones subsidios desempleo maternidad paternidad licencia cuidado
cotizaciones portabilidad estableció lanzó proporcionó mejoró fortaleció desarrolló implementó
coordinó capacitó registró apoyó redujo aumentó amplió adoptó creó introdujo facilitó permitió
garantizó promovió evaluó financió alcanzó acompañó derivó contrató emitió renovó simplificó
digitalizó descentralizó institucionalizó armonizó negoció firmó ratificó modificó aprobó aplicó
protegió informó consultó movilizó eficaz sostenible integral innovadora inclusiva accesible
asequible transparente flexible focalizada integrada participativa multilingüe intercultural
transfronteriza transnacional circular temporal permanente irregular irregulares informal formal
voluntario digno sensible cupo cupos sorteo empleador patrocinador apelación apelaciones
deportación expulsión devolución readmisión escolta salida llegada tránsito destino origen
reconversión alfabetización tutorías guardería preescolar parteras farmacéuticos dentistas
ingenieros técnicos electricistas fontaneros soldadores carpinteros albañiles cocineros
limpiadoras jardineros pastores pescadores estibadores camioneros mensajeros vendedores
comerciantes ambulantes artesanos sastres tejedoras alfareros panaderos carniceros tenderos
mineros leñadores aserraderos canteras ladrilleras curtiembres mataderos invernaderos huertos
viñedos plantaciones cacao café té algodón caña palma caucho arroz trigo maíz yuca vainilla
anacardo camarones atún salmón algas
"""
)

FUNCTION = {
    "en": _words(
        """
the of and to in for a with on by as that from at is was were are be has have this an their its
which or through also into more than all who between under other these it not can such new been
over
"""
    ),
    "fr": _words(
        """
de la le les des et à en du pour un une dans par sur avec au aux qui que est a été sont ont leur
leurs ces ce cette plus entre ainsi dont ne pas se sa son ses lors afin tout tous également
"""
    ),
    "es": _words(
        """
de la el los las y en a del para un una por con que se su sus al es fue son han ha sido como
entre más este esta estos sobre también lo sin desde hasta cada todos así
"""
    ),
}

CONTENT = {
    lang: list(dict.fromkeys(words))
    for lang, words in (("en", EN_CONTENT), ("fr", FR_CONTENT), ("es", ES_CONTENT))
}

SECTIONS = {
    "en": ["Context", "What was done", "Results", "Lessons learned", "Sustainability and replicability"],
    "fr": [
        "Contexte",
        "Ce qui a été fait",
        "Résultats",
        "Enseignements tirés",
        "Durabilité et reproductibilité",
    ],
    "es": [
        "Contexto",
        "Qué se hizo",
        "Resultados",
        "Lecciones aprendidas",
        "Sostenibilidad y replicabilidad",
    ],
}

ORGANISATIONS = [
    "International Organization for Migration",
    "International Labour Organization",
    "UNHCR",
    "UNICEF",
    "UN Women",
    "UNDP",
    "World Bank",
    "European Union",
    "African Union",
    "ECOWAS",
    "IGAD",
    "Red Cross",
    "Red Crescent",
    "Caritas",
    "Ministry of Labour",
    "Ministry of Interior",
    "Ministry of Foreign Affairs",
    "National Statistics Office",
    "Chamber of Commerce",
    "Migrant Workers Association",
]
