"""Static data pools for the deterministic demo-data generator.

The pools are written by hand on purpose.  Libraries such as Faker change
their word lists between releases, so the same seed would produce a
different demo database after an upgrade; they are also slow to import and
to call when generating many thousands of customers.  Plain tuples in this
module keep the generated data identical across library versions, make
generation fast, and let us include exactly the edge cases we care about
(umlauts and accents, name particles, real postcodes with leading zeros,
and names that try to break terminal rendering).

All company names, shop labels and products are invented.
"""

from __future__ import annotations

# The pools below are laid out densely by hand; keep the formatter away.
# fmt: off

# (country ISO alpha-2, postcode, city, region, street names)
City = tuple[str, str, str, str, tuple[str, ...]]
# (sku, title, unit price in cents)
Product = tuple[str, str, int]
# (campaign name, kind) where kind is "one_time" or "recurring"
Campaign = tuple[str, str]
# (first name, last name)
NamePair = tuple[str, str]


FIRST_NAMES: tuple[str, ...] = (
    # German, female
    "Andrea", "Angelika", "Anja", "Anna", "Birgit", "Brigitte", "Charlotte",
    "Christina", "Claudia", "Clara", "Emma", "Frieda", "Gabriele", "Greta",
    "Hannah", "Heike", "Ida", "Ines", "Jana", "Jördis", "Julia", "Karin",
    "Käthe", "Katharina", "Kerstin", "Laura", "Lea", "Lena", "Lina", "Luisa",
    "Maria", "Marie", "Melanie", "Mia", "Monika", "Nicole", "Petra", "Sabine",
    "Sandra", "Sarah", "Silke", "Sophie", "Stefanie", "Susanne", "Tanja",
    "Ursula", "Ute",
    # German, male
    "Alexander", "Andreas", "Anton", "Benjamin", "Bernd", "Christian",
    "Daniel", "Dennis", "Dieter", "Dirk", "Elias", "Emil", "Felix", "Finn",
    "Florian", "Frank", "Georg", "Götz", "Günter", "Hans", "Heinz", "Helmut",
    "Horst", "Jan", "Jens", "Jonas", "Jörg", "Jürgen", "Kai", "Klaus", "Lars",
    "Leon", "Lukas", "Manfred", "Markus", "Martin", "Matthias", "Maximilian",
    "Michael", "Moritz", "Niklas", "Noah", "Oliver", "Paul", "Peter",
    "Philipp", "Ralf", "Sebastian", "Stefan", "Thomas", "Tim", "Tobias",
    "Uwe", "Werner", "Wolfgang",
    # Austrian and Swiss
    "Alois", "Andrin", "Beat", "Gian", "Johanna", "Leopold", "Magdalena",
    "Mirjam", "Nadja", "Reto", "Sepp", "Seraina", "Theresa", "Ueli", "Urs",
    "Valentin", "Vreni",
    # French, Belgian, Luxembourgish
    "Chloé", "François", "Hélène", "Inès", "Jérôme", "Loïc", "Maël",
    "Noémie", "Renée", "Zoë",
    # Dutch
    "Anouk", "Bram", "Daan", "Femke", "Joost", "Lotte", "Sanne",
    # Nordic
    "Ægir", "Åsa", "Björn", "Freja", "Ingrid", "Linnéa", "Mikkel", "Søren",
    "Sven", "Þórunn",
    # Polish and Czech
    "Agnieszka", "Jiří", "Katarzyna", "Kateřina", "Łukasz", "Małgorzata",
    "Piotr", "Tomáš", "Wojciech", "Zofia", "Zuzana",
    # Italian and Spanish
    "Álvaro", "Chiara", "Francesco", "Giulia", "Iñigo", "José", "Lucía",
    "Matteo", "Niccolò", "Sofía",
    # Turkish, Greek, Croatian
    "Ayşe", "Can", "Dimitrios", "Elif", "Emre", "Ivana", "Luka",
    "Mehmet", "Zeynep",
)

LAST_NAMES: tuple[str, ...] = (
    # German
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
    "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter",
    "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
    "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Mayer", "Kaiser", "Fuchs", "Peters",
    "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel",
    "Friedrich", "Günther", "Frank", "Winkler", "Roth", "Beck", "Lorenz",
    "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
    "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein",
    "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt",
    "Haas", "Schreiber", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn",
    "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer",
    "Arnold", "Wolff", "Pfeiffer", "Ernst", "Hübner", "Kramer", "Brinkmann",
    "Lindner", "Ebert", "Schenk", "Göbel", "Bäumer", "Lüdtke", "Thiele",
    "Haase", "Kern", "Hesse", "Wendt", "Rieger", "Schütz", "Jahn", "Marx",
    "Nießen", "Petersen", "Janßen", "Ostermann",
    # Austrian
    "Gruber", "Huber", "Pichler", "Moser", "Steiner", "Hofer", "Leitner",
    "Berger", "Eder", "Mayr", "Egger", "Reiter", "Lechner", "Wimmer",
    "Aigner", "Haider", "Holzer", "Strobl", "Unterberger", "Fellner", "Auer",
    "Wallner", "Brandstätter", "Pölzl", "Resch",
    # Swiss
    "Brunner", "Gerber", "Keller", "Baumgartner", "Bühler", "Frei", "Zürcher",
    "Widmer", "Hürlimann", "Sutter", "Graf", "Lüthi", "Zbinden", "Bachmann",
    "Ammann", "Käser", "Schneeberger", "Wüthrich", "Rüegg", "Aebischer",
    "Fankhauser", "Tschudi", "Caflisch",
    # French and Belgian
    "Léger", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Lemaître",
    "Fontaine", "Chevalier", "Dupont", "Mercier", "Faure",
    # Italian
    "Rossi", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci",
    "Greco", "Conti", "Gallo", "Mancini", "Caruso",
    # Dutch
    "Jansen", "Bakker", "Visser", "Smit", "Mulder", "Meijer", "Vermeulen",
    # Polish
    "Wójcik", "Kowalski", "Nowak", "Lewandowska", "Wiśniewski", "Kamińska",
    "Zieliński", "Woźniak", "Dąbrowski", "Kaczmarek",
    # Danish and Norwegian
    "Ødegaard", "Jensen", "Nielsen", "Hansen", "Pedersen", "Sørensen",
    "Kjær", "Østergaard",
    # Spanish
    "Nuñez", "García", "Fernández", "González", "Rodríguez", "López",
    "Martínez", "Sánchez", "Jiménez", "Ibáñez",
    # Turkish
    "Çelik", "Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Aydın", "Doğan",
    # Czech
    "Novák", "Svoboda", "Dvořák", "Černý", "Procházka",
    # With particles, apostrophes and hyphens
    "von der Heide", "von Bülow", "vom Bruch", "zur Mühlen", "de Vries",
    "de Jong", "van den Berg", "van Dijk", "van der Linden", "ten Brink",
    "De Luca", "Di Stefano", "D'Amico", "Le Gall", "O'Neill", "McAllister",
    "Müller-Lüdenscheidt", "Hoffmann-Ebert", "Schulze-Wollgast",
    "Krüger-Nießen",
)

COMPANIES: tuple[str, ...] = (
    # Germany
    "Bäckerei Schulz GmbH",
    "Müller & Söhne KG",
    "Papierwaren Lindner e.K.",
    "Kaffeehaus Brandt UG (haftungsbeschränkt)",
    "Grünwerk Gartenbau GmbH",
    "Schreinerei Holzmann GmbH & Co. KG",
    "Teekontor Hansen KG",
    "Büroservice Krause e.K.",
    "Druckerei Weiß & Partner GmbH",
    "Blumen Öztürk e.K.",
    "Speiche & Kette Fahrradladen UG (haftungsbeschränkt)",
    "Weinhandlung Kühn KG",
    "Nordlicht Design GmbH",
    "Hausverwaltung Schäfer GmbH",
    "Elektro Bauer GmbH",
    "Kanzlei Richter & Vogel PartG mbB",
    "Feinkost Seidel e.K.",
    "Metzgerei Jäger GmbH",
    "Optik am Dom GmbH",
    "Buchhandlung Seitenweise e.K.",
    "Malerbetrieb Groß & Sohn GmbH",
    "Gärtnerei Sonnenhof KG",
    "Kreativagentur Wolkenlos UG (haftungsbeschränkt)",
    "Rösterei Bohnenglück GmbH",
    "Naturkost Löwenzahn e.K.",
    "Schuhhaus Becker KG",
    "Sanitär Köhler GmbH & Co. KG",
    "Praxisbedarf Neumann GmbH",
    "Fotostudio Lichtblick UG (haftungsbeschränkt)",
    "Zimmermann Haustechnik GmbH",
    "Hofladen Ziegler GbR",
    "Konditorei Süßes Eck GmbH",
    "Werkstatt Krüger & Hahn OHG",
    "Möbelmanufaktur Eichenwerk GmbH",
    "Reisebüro Fernweh e.K.",
    "Steinmetz Vogt GmbH",
    # Austria
    "Alpenblick Handels GesmbH",
    "Tiroler Feinkost Hofer GesmbH",
    "Kaffeesieder Pichler KG",
    "Gruber & Leitner Bau GesmbH",
    "Wiener Papierkontor GmbH",
    "Steirisches Kürbishaus Egger e.U.",
    "Salzkammergut Textil Moser GesmbH",
    # Switzerland
    "Zürcher Papeterie Widmer AG",
    "Berner Kaffeerösterei Gerber AG",
    "Brunner & Bühler Treuhand AG",
    "Uhrenatelier Lüthi GmbH",
    "Käserei Emmental Zbinden AG",
    "Bündner Bergbeck Caflisch GmbH",
    "Lémanique Vins Sàrl",
    # Netherlands and Belgium
    "Van Dijk Interieur B.V.",
    "De Boer Koffie B.V.",
    "Bakker & Visser Drukwerk B.V.",
    "Fietsenmakerij Jansen V.O.F.",
    "Chocolaterie Dupont SRL",
    # Other
    "Atelier Léger SARL",
    "Cartoleria Rossi S.r.l.",
    "Hansen & Kjær Design ApS",
    "Kowalski i Syn Sp. z o.o.",
    "Librería Núñez S.L.",
)

CITIES: tuple[City, ...] = (
    # Germany: region is the Bundesland
    ("DE", "10115", "Berlin", "Berlin",
     ("Invalidenstraße", "Chausseestraße", "Torstraße", "Bergstraße",
      "Borsigstraße")),
    ("DE", "20095", "Hamburg", "Hamburg",
     ("Mönckebergstraße", "Spitalerstraße", "Steinstraße", "Rathausstraße")),
    ("DE", "80331", "München", "Bayern",
     ("Marienplatz", "Sendlinger Straße", "Rosenstraße", "Kaufingerstraße",
      "Tal")),
    ("DE", "50667", "Köln", "Nordrhein-Westfalen",
     ("Hohe Straße", "Schildergasse", "Breite Straße", "Am Hof")),
    ("DE", "60311", "Frankfurt am Main", "Hessen",
     ("Zeil", "Töngesgasse", "Berliner Straße", "Fahrgasse")),
    ("DE", "70173", "Stuttgart", "Baden-Württemberg",
     ("Königstraße", "Schulstraße", "Eberhardstraße", "Calwer Straße")),
    ("DE", "40213", "Düsseldorf", "Nordrhein-Westfalen",
     ("Bolkerstraße", "Flinger Straße", "Marktplatz", "Berger Straße")),
    ("DE", "04109", "Leipzig", "Sachsen",
     ("Grimmaische Straße", "Petersstraße", "Hainstraße", "Nikolaistraße",
      "Goethestraße")),
    ("DE", "01067", "Dresden", "Sachsen",
     ("Wilsdruffer Straße", "Ostra-Allee", "Annenstraße", "Freiberger Straße")),
    ("DE", "90402", "Nürnberg", "Bayern",
     ("Königstraße", "Karolinenstraße", "Breite Gasse", "Kaiserstraße")),
    ("DE", "30159", "Hannover", "Niedersachsen",
     ("Georgstraße", "Bahnhofstraße", "Karmarschstraße", "Luisenstraße")),
    ("DE", "28195", "Bremen", "Bremen",
     ("Obernstraße", "Sögestraße", "Am Markt", "Langenstraße")),
    ("DE", "45127", "Essen", "Nordrhein-Westfalen",
     ("Kettwiger Straße", "Limbecker Straße", "Lindenallee", "Rathenaustraße")),
    ("DE", "44135", "Dortmund", "Nordrhein-Westfalen",
     ("Westenhellweg", "Ostenhellweg", "Hansastraße", "Kampstraße")),
    ("DE", "48143", "Münster", "Nordrhein-Westfalen",
     ("Prinzipalmarkt", "Salzstraße", "Ludgeristraße", "Rothenburg")),
    ("DE", "79098", "Freiburg im Breisgau", "Baden-Württemberg",
     ("Kaiser-Joseph-Straße", "Bertoldstraße", "Salzstraße", "Rathausgasse")),
    ("DE", "86150", "Augsburg", "Bayern",
     ("Maximilianstraße", "Annastraße", "Bahnhofstraße", "Hermanstraße")),
    ("DE", "97070", "Würzburg", "Bayern",
     ("Domstraße", "Juliuspromenade", "Kaiserstraße", "Eichhornstraße")),
    ("DE", "93047", "Regensburg", "Bayern",
     ("Neupfarrplatz", "Gesandtenstraße", "Maximilianstraße", "Ludwigstraße")),
    ("DE", "37073", "Göttingen", "Niedersachsen",
     ("Weender Straße", "Groner Straße", "Theaterstraße", "Kurze Straße")),
    ("DE", "23552", "Lübeck", "Schleswig-Holstein",
     ("Breite Straße", "Königstraße", "Mengstraße", "Fleischhauerstraße")),
    ("DE", "24103", "Kiel", "Schleswig-Holstein",
     ("Holstenstraße", "Dänische Straße", "Kehdenstraße", "Alter Markt")),
    ("DE", "18055", "Rostock", "Mecklenburg-Vorpommern",
     ("Kröpeliner Straße", "Lange Straße", "Neuer Markt", "Wallstraße")),
    ("DE", "99084", "Erfurt", "Thüringen",
     ("Anger", "Marktstraße", "Schlösserstraße", "Fischmarkt")),
    ("DE", "07743", "Jena", "Thüringen",
     ("Johannisstraße", "Wagnergasse", "Löbdergraben", "Saalstraße")),
    ("DE", "14467", "Potsdam", "Brandenburg",
     ("Brandenburger Straße", "Friedrich-Ebert-Straße", "Charlottenstraße",
      "Lindenstraße")),
    ("DE", "55116", "Mainz", "Rheinland-Pfalz",
     ("Ludwigsstraße", "Schillerstraße", "Große Bleiche", "Augustinerstraße")),
    ("DE", "66111", "Saarbrücken", "Saarland",
     ("Bahnhofstraße", "Kaiserstraße", "Dudweilerstraße",
      "St. Johanner Markt")),
    ("DE", "94032", "Passau", "Bayern",
     ("Ludwigstraße", "Bahnhofstraße", "Bräugasse", "Residenzplatz")),
    ("DE", "02826", "Görlitz", "Sachsen",
     ("Berliner Straße", "Elisabethstraße", "Obermarkt", "Salomonstraße")),
    ("DE", "69117", "Heidelberg", "Baden-Württemberg",
     ("Hauptstraße", "Plöck", "Untere Straße", "Marktplatz")),
    ("DE", "53111", "Bonn", "Nordrhein-Westfalen",
     ("Sternstraße", "Friedrichstraße", "Bonngasse", "Poststraße")),
    # Austria: region is the Bundesland
    ("AT", "1010", "Wien", "Wien",
     ("Kärntner Straße", "Graben", "Rotenturmstraße", "Herrengasse")),
    ("AT", "1060", "Wien", "Wien",
     ("Mariahilfer Straße", "Gumpendorfer Straße", "Esterházygasse")),
    ("AT", "8010", "Graz", "Steiermark",
     ("Herrengasse", "Sackstraße", "Schmiedgasse", "Hauptplatz")),
    ("AT", "4020", "Linz", "Oberösterreich",
     ("Landstraße", "Hauptplatz", "Herrenstraße", "Klosterstraße")),
    ("AT", "5020", "Salzburg", "Salzburg",
     ("Getreidegasse", "Linzer Gasse", "Judengasse", "Residenzplatz")),
    ("AT", "6020", "Innsbruck", "Tirol",
     ("Maria-Theresien-Straße", "Herzog-Friedrich-Straße", "Museumstraße",
      "Anichstraße")),
    ("AT", "9020", "Klagenfurt am Wörthersee", "Kärnten",
     ("Alter Platz", "Neuer Platz", "Bahnhofstraße", "Kramergasse")),
    ("AT", "9500", "Villach", "Kärnten",
     ("Hauptplatz", "Widmanngasse", "Bahnhofstraße")),
    ("AT", "3100", "St. Pölten", "Niederösterreich",
     ("Kremser Gasse", "Rathausplatz", "Wiener Straße")),
    ("AT", "6900", "Bregenz", "Vorarlberg",
     ("Kaiserstraße", "Rathausstraße", "Seestraße")),
    ("AT", "7000", "Eisenstadt", "Burgenland",
     ("Hauptstraße", "Pfarrgasse", "Esterházyplatz")),
    ("AT", "4600", "Wels", "Oberösterreich",
     ("Stadtplatz", "Schmidtgasse", "Bahnhofstraße")),
    # Switzerland: region is the canton abbreviation
    ("CH", "8001", "Zürich", "ZH",
     ("Bahnhofstrasse", "Limmatquai", "Rennweg", "Niederdorfstrasse")),
    ("CH", "3011", "Bern", "BE",
     ("Kramgasse", "Marktgasse", "Spitalgasse", "Gerechtigkeitsgasse")),
    ("CH", "4051", "Basel", "BS",
     ("Freie Strasse", "Steinenvorstadt", "Gerbergasse", "Spalenberg")),
    ("CH", "1204", "Genève", "GE",
     ("Rue du Rhône", "Rue de la Croix-d'Or", "Rue du Marché", "Grand-Rue")),
    ("CH", "1003", "Lausanne", "VD",
     ("Rue de Bourg", "Rue du Petit-Chêne", "Place Saint-François",
      "Rue Centrale")),
    ("CH", "6003", "Luzern", "LU",
     ("Pilatusstrasse", "Bahnhofstrasse", "Hirschmattstrasse",
      "Zentralstrasse")),
    ("CH", "9000", "St. Gallen", "SG",
     ("Multergasse", "Marktgasse", "Spisergasse", "Neugasse")),
    ("CH", "8400", "Winterthur", "ZH",
     ("Marktgasse", "Stadthausstrasse", "Technikumstrasse")),
    ("CH", "6900", "Lugano", "TI",
     ("Via Nassa", "Via Pessina", "Piazza della Riforma")),
    ("CH", "7000", "Chur", "GR",
     ("Bahnhofstrasse", "Poststrasse", "Obere Gasse")),
    ("CH", "1700", "Fribourg", "FR",
     ("Rue de Lausanne", "Rue de Romont", "Boulevard de Pérolles")),
    ("CH", "8200", "Schaffhausen", "SH",
     ("Vordergasse", "Vorstadt", "Fronwagplatz")),
    # Other countries
    ("NL", "1012 AB", "Amsterdam", "",
     ("Damrak", "Nieuwendijk", "Warmoesstraat", "Kalverstraat", "Rokin")),
    ("FR", "75001", "Paris", "",
     ("Rue de Rivoli", "Rue Saint-Honoré", "Rue du Louvre", "Place Vendôme")),
    ("FR", "67000", "Strasbourg", "",
     ("Grand'Rue", "Rue des Grandes Arcades", "Place Kléber", "Rue du Dôme")),
    ("IT", "39100", "Bolzano", "BZ",
     ("Via Museo", "Via dei Portici", "Piazza Walther", "Via della Rena")),
    ("PL", "50-001", "Wrocław", "",
     ("ulica Świdnicka", "Rynek", "ulica Oławska", "ulica Kuźnicza")),
    ("DK", "1050", "København K", "",
     ("Kongens Nytorv", "Østergade", "Store Strandstræde")),
    ("BE", "1000", "Bruxelles", "",
     ("Rue Neuve", "Rue du Marché aux Herbes", "Boulevard Anspach",
      "Rue des Bouchers")),
    ("LU", "1111", "Luxembourg", "",
     ("Grand-Rue", "Avenue de la Liberté", "Boulevard Royal")),
    ("CZ", "110 00", "Praha", "",
     ("Národní", "Na Příkopě", "Celetná", "Karlova")),
    ("ES", "28013", "Madrid", "Madrid",
     ("Calle Mayor", "Calle del Arenal", "Gran Vía", "Plaza de Isabel II")),
)

PRODUCTS: tuple[Product, ...] = (
    # Coffee
    ("KAF-ESP-500", "Espresso Bohnen 500 g", 1490),
    ("KAF-ESP-1000", "Espresso Bohnen 1 kg", 2690),
    ("KAF-CRE-500", "Caffè Crema Bohnen 500 g", 1390),
    ("KAF-FIL-250", "Filterkaffee gemahlen 250 g", 790),
    ("KAF-ENT-500", "Entkoffeiniert Bohnen 500 g", 1590),
    ("KAF-ETH-250", "Äthiopien Yirgacheffe Single Origin 250 g", 1190),
    ("KAF-COL-250", "Kolumbien Huila 250 g", 1090),
    ("KAF-HAU-1000", 'Hausmischung "Nordwind" 1 kg', 2390),
    ("KAF-COLD-BRW", "Cold Brew Coffee Bags (10 Stück)", 990),
    ("KAF-PROBE", "Probierset Kaffee 4 × 100 g", 1690),
    # Tea
    ("TEE-ERD-100", "Earl Grey lose 100 g", 690),
    ("TEE-GRN-100", "Grüntee Sencha 100 g", 790),
    ("TEE-ASS-250", "Assam Breakfast 250 g", 1290),
    ("TEE-KRA-080", "Kräutertee Abendruhe 80 g", 590),
    ("TEE-ROI-100", "Rooibos Vanille 100 g", 650),
    ("TEE-CHA-100", "Chai Gewürztee 100 g", 750),
    ("TEE-MAT-030", "Matcha Ceremonial Grade 30 g", 2490),
    ("TEE-FRU-150", "Früchtetee Sommerbeere 150 g", 690),
    # Coffee and tea equipment
    ("ZUB-MUE-HND", "Handmühle Edelstahl", 4990),
    ("ZUB-FIL-V60", "Porzellan-Handfilter Größe 02", 2290),
    ("ZUB-FIL-100", "Filterpapier Größe 02 (100 Stück)", 390),
    ("ZUB-FRP-800", "French Press 800 ml", 2990),
    ("ZUB-TSI-STL", "Teesieb Edelstahl", 890),
    ("ZUB-KAN-1200", "Teekanne Glas 1,2 l", 3490),
    ("ZUB-TAS-GM", 'Tasse "Guten Morgen"', 1290),
    ("ZUB-BEC-TO-GO", "Mehrweg-Becher To Go 350 ml", 1890),
    ("ZUB-WAA-DIG", "Digitale Kaffeewaage mit Timer", 3990),
    # Stationery
    ("PAP-NTB-A5L", 'Notizbuch "Classic" A5 liniert', 1490),
    ("PAP-NTB-A5P", 'Notizbuch "Classic" A5 gepunktet', 1490),
    ("PAP-NTB-A6B", "Notizheft A6 blanko (3er-Set)", 890),
    ("PAP-KAR-GRU", "Grußkarten-Set Natur (10 Stück)", 1290),
    ("PAP-KAR-WEI", "Weihnachtskarten Winterwald (8 Stück)", 1190),
    ("PAP-BRI-DL", "Briefumschläge DL Recycling (50 Stück)", 690),
    ("PAP-BRI-A4", "Briefpapier A4 Büttenoptik (50 Blatt)", 990),
    ("PAP-KAL-2026", "Wandkalender 2026 Jahreszeiten", 1990),
    ("PAP-PLN-WOC", "Wochenplaner Tischaufsteller", 1290),
    ("PAP-STK-ROL", "Sticker-Rolle Danke (250 Stück)", 790),
    ("PAP-GES-PAP", "Geschenkpapier Kraft 5 m", 590),
    ("STI-FUE-BLA", "Füllfederhalter Blau M", 2490),
    ("STI-TIN-PAT", "Tintenpatronen königsblau (6 Stück)", 290),
    ("STI-BLE-HB", "Bleistifte HB (12 Stück)", 490),
    ("STI-FIN-SET", "Fineliner-Set 24 Farben", 1790),
    ("STI-MAR-PAS", "Textmarker Pastell (6 Stück)", 690),
    ("STI-KUL-MSG", "Kugelschreiber Messing", 3290),
    ("STI-RAD-GUM", "Radiergummi & Spitzer Set", 350),
    # Home goods
    ("HOM-KER-SOJ", "Duftkerze Soja Zeder & Amber", 1890),
    ("HOM-KER-TEE", "Teelichter unbeduftet (50 Stück)", 590),
    ("HOM-DEC-WOL", "Wolldecke Fischgrät 130 × 170 cm", 6990),
    ("HOM-KIS-LEI", "Kissenhülle Leinen 50 × 50 cm", 2490),
    ("HOM-GES-TUE", "Geschirrtücher Halbleinen (2er-Set)", 1490),
    ("HOM-VAS-KER", "Keramikvase handgemacht", 3990),
    ("HOM-TAB-EIC", "Servierbrett Eiche", 2990),
    ("HOM-SEI-OLI", "Olivenölseife 100 g", 490),
    ("HOM-TOP-MAK", "Übertopf Makramee", 1990),
    ("HOM-LIC-KET", "Lichterkette Warmweiß 5 m", 1590),
    # Gifts, services
    ("GES-SET-KUK", "Geschenkset Kaffee & Kuchen", 3490),
    ("GES-SET-TEE", "Geschenkset Teezeit", 2790),
    ("GES-BOX-SCH", "Schreibtisch-Box \"Home Office\"", 4490),
    ("GES-GUT-025", "Geschenkgutschein 25 €", 2500),
    ("GES-GUT-050", "Geschenkgutschein 50 €", 5000),
    ("ABO-KAF-MON", "Coffee Subscription monthly (2 × 250 g)", 1990),
    ("SRV-GES-VER", "Geschenkverpackung", 350),
)

SHOP_LABELS: tuple[str, ...] = (
    "My Store",
    "Kaffeerösterei Nord",
    "Papeterie Süd",
    "Teehaus am Markt",
    "Wohnkram & Co.",
    "Bürobedarf Express",
    "Alpenbohne Kaffee",
    "Nordisch Wohnen",
)

CAMPAIGNS: tuple[Campaign, ...] = (
    ("Danke für Ihre erste Bestellung", "recurring"),
    ("Danke für Ihre Treue (5. Bestellung)", "recurring"),
    ("Geburtstagsgruß", "recurring"),
    ("Wir vermissen Sie – 90 Tage ohne Bestellung", "recurring"),
    ("Nachfüll-Erinnerung Kaffee-Abo", "recurring"),
    ("Bewertung erbeten nach Lieferung", "recurring"),
    ("Jahrestag Kundenkonto", "recurring"),
    ("Win-back Herbst 2026", "one_time"),
    ("Weihnachtsgruß 2025", "one_time"),
    ("Neujahrsgruß 2026", "one_time"),
    ("Frühlingsaktion Tee & Papeterie", "one_time"),
    ("VIP-Vorabverkauf Sommerkollektion", "one_time"),
)

LETTER_TEXTS: tuple[str, ...] = (
    (
        "Liebe/r {vorname} {nachname},\n\n"
        "vielen Dank für Ihre Bestellung vom {letzte_bestellung}! "
        "Wir hoffen, Sie haben viel Freude damit.\n\n"
        "Als kleines Dankeschön liegt diesem Brief ein Gutschein über "
        "10 % für Ihren nächsten Einkauf bei.\n\n"
        "Herzliche Grüße\nIhr Team"
    ),
    (
        "Hallo {vorname},\n\n"
        "Ihre letzte Bestellung liegt schon eine Weile zurück "
        "(am {letzte_bestellung}). Wir haben seitdem einiges Neues im "
        "Sortiment und würden uns freuen, Sie wieder bei uns zu begrüßen.\n\n"
        "Viele Grüße\nIhr Team"
    ),
    (
        "Sehr geehrte/r {vorname} {nachname},\n\n"
        "zum Jahresende möchten wir uns herzlich für Ihr Vertrauen bedanken. "
        "Ihre Bestellung vom {letzte_bestellung} hat uns besonders gefreut.\n\n"
        "Wir wünschen Ihnen frohe Feiertage und einen guten Start ins neue "
        "Jahr.\n\n"
        "Mit freundlichen Grüßen\nIhr Team"
    ),
    (
        "Liebe/r {vorname} {nachname},\n\n"
        "schön, dass Sie seit Ihrer Bestellung am {letzte_bestellung} zu "
        "unseren Stammkunden gehören. Ihre Meinung ist uns wichtig: "
        "Erzählen Sie uns, was wir noch besser machen können.\n\n"
        "Danke und bis bald\nIhr Team"
    ),
)

# Names that stress terminal/markup rendering.  They must always be shown
# literally, never interpreted as Rich/Textual markup or terminal control
# sequences.  Control characters are written as escapes on purpose.
TRICKY_NAMES: tuple[NamePair, ...] = (
    ("x[/]", "Test"),
    ("[@click=app.quit]", "Klick"),
    ("Anna", "[link=https://example.com]Link"),
    ("[b]Bold[/b]", "Markup"),
    ("Ölaf", "O'Brien [GmbH]"),
    ("Eva", "[Mayer"),
    ("Jean-Luc", "Dufresne"),
    ("Marco", "D'Angelo"),
    ("Paula", "\\[red]Backslash"),
    ("Rtl\u202eOverride", "Umkehr\u202c"),
    ("\x1b[31mRot", "Escape\x1b[0m"),
    ("Glocke\x07", "Bell"),
    ("Füchsin \U0001f98a", "Reineke"),
    ("محمد", "العلي"),
    ("דוד", "כהן"),
    (
        "Max",
        "Freiherr von Hohenberg-Schwarzenfels zu Oberammergau-Unterlüdenscheid"
        "-Altmühltal",
    ),
    ("Tab\tbed", "Zeilen\nUmbruch"),
)
