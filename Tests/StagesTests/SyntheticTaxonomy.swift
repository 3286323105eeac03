import Stages

/// A small taxonomy written for these tests: six leaves with five seed examples each —
/// two freeform skills, one grounded skill, three knowledge leaves (two questions a context).
enum SyntheticTaxonomy {
    static let leaves: [SeedLeaf] = [capitals, units, orders, birds, moon, git]

    static let capitals = SeedLeaf.skill(
        path: "compositional_skills/geography/capitals",
        taskDescription: "Name the capital city of a country.",
        examples: [
            SkillSeed(question: "What is the capital of France?", answer: "Paris is the capital of France."),
            SkillSeed(question: "What is the capital city of Japan?", answer: "Tokyo is the capital of Japan."),
            SkillSeed(question: "Which city is the capital of Canada?", answer: "Ottawa is the capital of Canada."),
            SkillSeed(question: "What is the capital of Kenya?", answer: "Nairobi is the capital of Kenya."),
            SkillSeed(question: "Which city is the capital of Peru?", answer: "Lima is the capital of Peru."),
        ])

    static let units = SeedLeaf.skill(
        path: "compositional_skills/math/unit_conversion",
        taskDescription: "Convert between units of measure.",
        examples: [
            SkillSeed(question: "How many centimeters are in a meter?", answer: "There are 100 centimeters in a meter."),
            SkillSeed(question: "How many grams make a kilogram?", answer: "A kilogram is 1000 grams."),
            SkillSeed(question: "How many minutes are in an hour?", answer: "An hour has 60 minutes."),
            SkillSeed(question: "How many feet are in a mile?", answer: "A mile is 5280 feet."),
            SkillSeed(question: "How many ounces are in a pound?", answer: "A pound is 16 ounces."),
        ])

    static let orders = SeedLeaf.skill(
        path: "compositional_skills/extraction/order_details",
        taskDescription: "Extract the order number from a customer email.",
        examples: [
            SkillSeed(
                question: "What is the order number in this email?", answer: "A-1041",
                context: "Hello, my order A-1041 for a blue kettle arrived broken. Please send a replacement."),
            SkillSeed(
                question: "What is the order number in this email?", answer: "B-2290",
                context: "Hi team, order B-2290 with two garden chairs never shipped. Can you check the courier?"),
            SkillSeed(
                question: "What is the order number in this email?", answer: "C-3307",
                context: "Good morning, I want to return order C-3307, the wool scarf is the wrong colour."),
            SkillSeed(
                question: "What is the order number in this email?", answer: "D-4412",
                context: "Dear support, my invoice for order D-4412 lists a desk lamp I did not buy."),
            SkillSeed(
                question: "What is the order number in this email?", answer: "E-5568",
                context: "Hey, the tracking link for order E-5568, a pair of hiking boots, does not work."),
        ])

    static let birds = SeedLeaf.knowledge(
        path: "knowledge/science/birds", domain: "ornithology",
        examples: [
            KnowledgeSeed(
                context: "The Arctic tern migrates from the Arctic to the Antarctic and back each year, the longest migration of any animal, about 70,000 kilometres.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "Which bird has the longest migration?", answer: "The Arctic tern."),
                    QuestionAnswer(question: "How far does the Arctic tern travel each year?", answer: "About 70,000 kilometres."),
                ]),
            KnowledgeSeed(
                context: "Hummingbirds beat their wings up to 80 times a second and are the only birds that can fly backwards.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "How fast do hummingbirds beat their wings?", answer: "Up to 80 times a second."),
                    QuestionAnswer(question: "Which birds can fly backwards?", answer: "Hummingbirds."),
                ]),
            KnowledgeSeed(
                context: "The ostrich is the largest living bird; it cannot fly but runs at up to 70 km/h and lays the largest eggs.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "What is the largest living bird?", answer: "The ostrich."),
                    QuestionAnswer(question: "How fast can an ostrich run?", answer: "Up to 70 km/h."),
                ]),
            KnowledgeSeed(
                context: "Emperor penguins breed during the Antarctic winter; the male keeps the egg warm on his feet for about two months.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "When do emperor penguins breed?", answer: "During the Antarctic winter."),
                    QuestionAnswer(question: "Who keeps the emperor penguin egg warm?", answer: "The male, on his feet."),
                ]),
            KnowledgeSeed(
                context: "Owls hunt at night; their feathers have soft fringes that make their flight almost silent.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "When do owls hunt?", answer: "At night."),
                    QuestionAnswer(question: "Why is the flight of owls silent?", answer: "Soft fringes on their feathers."),
                ]),
        ],
        documents: [
            "Birds are warm-blooded vertebrates with feathers.\n\nMany species migrate with the seasons.",
        ])

    static let moon = SeedLeaf.knowledge(
        path: "knowledge/history/moon_landing", domain: "space history",
        examples: [
            KnowledgeSeed(
                context: "Apollo 11 landed on the Moon on 20 July 1969. Neil Armstrong was the first person to walk on its surface.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "When did Apollo 11 land on the Moon?", answer: "On 20 July 1969."),
                    QuestionAnswer(question: "Who was the first person to walk on the Moon?", answer: "Neil Armstrong."),
                ]),
            KnowledgeSeed(
                context: "The lunar module of Apollo 11 was named Eagle; the command module, piloted by Michael Collins, was named Columbia.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "What was the name of the Apollo 11 lunar module?", answer: "Eagle."),
                    QuestionAnswer(question: "Who piloted the command module Columbia?", answer: "Michael Collins."),
                ]),
            KnowledgeSeed(
                context: "The Saturn V rocket launched Apollo 11 from Kennedy Space Center in Florida.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "Which rocket launched Apollo 11?", answer: "The Saturn V."),
                    QuestionAnswer(question: "Where was Apollo 11 launched from?", answer: "Kennedy Space Center in Florida."),
                ]),
            KnowledgeSeed(
                context: "The astronauts brought back 21.5 kilograms of lunar rock and soil samples.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "How much lunar rock did Apollo 11 bring back?", answer: "21.5 kilograms."),
                    QuestionAnswer(question: "What samples did the astronauts collect?", answer: "Lunar rock and soil."),
                ]),
            KnowledgeSeed(
                context: "Apollo 11 splashed down in the Pacific Ocean on 24 July 1969 and was recovered by the USS Hornet.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "Where did Apollo 11 splash down?", answer: "In the Pacific Ocean."),
                    QuestionAnswer(question: "Which ship recovered the Apollo 11 crew?", answer: "The USS Hornet."),
                ]),
        ])

    static let git = SeedLeaf.knowledge(
        path: "knowledge/technology/git", domain: "software tools",
        examples: [
            KnowledgeSeed(
                context: "Git was created by Linus Torvalds in 2005 to manage the development of the Linux kernel.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "Who created Git?", answer: "Linus Torvalds."),
                    QuestionAnswer(question: "Why was Git created?", answer: "To manage development of the Linux kernel."),
                ]),
            KnowledgeSeed(
                context: "A commit records a snapshot of the tracked files together with its author, a message and its parent commits.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "What does a Git commit record?", answer: "A snapshot of the tracked files."),
                    QuestionAnswer(question: "Which metadata does a commit store?", answer: "Its author, a message and its parents."),
                ]),
            KnowledgeSeed(
                context: "The command git clone copies a remote repository, with its full history, to the local machine.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "What does git clone do?", answer: "Copies a remote repository with its history."),
                    QuestionAnswer(question: "Does a clone include the full history?", answer: "Yes, the full history."),
                ]),
            KnowledgeSeed(
                context: "A branch is a movable pointer to a commit; git merge joins the histories of two branches.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "What is a Git branch?", answer: "A movable pointer to a commit."),
                    QuestionAnswer(question: "Which command joins two branches?", answer: "git merge."),
                ]),
            KnowledgeSeed(
                context: "Objects in Git are named by the hash of their content, historically SHA-1 and now optionally SHA-256.",
                questionsAndAnswers: [
                    QuestionAnswer(question: "How are Git objects named?", answer: "By the hash of their content."),
                    QuestionAnswer(question: "Which hash functions does Git use?", answer: "SHA-1, and optionally SHA-256."),
                ]),
        ])
}
