"""Word lists the generator draws from: names in several traditions, titles, institutions."""

# (pinyin, characters) of common Chinese family names.
CHINESE_FAMILY = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Huang", "黄"),
    ("Zhao", "赵"),
    ("Wu", "吴"),
    ("Zhou", "周"),
    ("Xu", "徐"),
    ("Sun", "孙"),
    ("Ma", "马"),
    ("Zhu", "朱"),
    ("Hu", "胡"),
    ("Guo", "郭"),
    ("He", "何"),
    ("Lin", "林"),
    ("Gao", "高"),
    ("Luo", "罗"),
    ("Zheng", "郑"),
    ("Liang", "梁"),
    ("Xie", "谢"),
    ("Song", "宋"),
    ("Tang", "唐"),
    ("Han", "韩"),
    ("Feng", "冯"),
    ("Deng", "邓"),
    ("Cao", "曹"),
    ("Xue", "薛"),
]
# (pinyin, characters) of syllables that make given names.
CHINESE_GIVEN = [
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Min", "敏"),
    ("Jing", "静"),
    ("Lei", "磊"),
    ("Jun", "军"),
    ("Yang", "洋"),
    ("Yong", "勇"),
    ("Yan", "艳"),
    ("Jie", "杰"),
    ("Tao", "涛"),
    ("Ming", "明"),
    ("Chao", "超"),
    ("Xiu", "秀"),
    ("Hua", "华"),
    ("Lan", "澜"),
    ("Hong", "红"),
    ("Ping", "平"),
    ("Gang", "刚"),
    ("Hui", "辉"),
    ("Ning", "宁"),
    ("Xin", "欣"),
    ("Yu", "宇"),
    ("Chang", "昌"),
]
# (given, family, country, family_first) for speakers written in Latin script.
LATIN_GIVEN = {
    "FR": ["Camille", "Julien", "Élodie", "Mathieu", "Sophie"],
    "DE": ["Jürgen", "Anna", "Lukas", "Katrin", "Stefan"],
    "GB": ["Oliver", "Emma", "Harry", "Charlotte", "George"],
    "TH": ["Orakanoke", "Somchai", "Suda", "Anan", "Kanya"],
    "BR": ["João", "Ana", "Luís", "Beatriz", "Rafael"],
    "KE": ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri"],
    "HU": ["László", "Eszter", "Gábor", "Zsófia", "Péter"],
}
LATIN_FAMILY = {
    "FR": ["Dubois", "Lefèvre", "Moreau", "Girard", "Fournier"],
    "DE": ["Müller", "Schneider", "Fischer", "Weber", "Becker"],
    "GB": ["Smith", "Taylor", "O'Brien", "Wright", "Hughes"],
    "TH": ["Phanraksa", "Srisuk", "Chaiyaporn", "Boonmee", "Wongsa"],
    "BR": ["Silva", "Santos", "Oliveira", "Souza", "Pereira"],
    "KE": ["Mwangi", "Odhiambo", "Kiprop", "Njoroge", "Wambui"],
    "HU": ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth"],
}
# Hungarian names are written family name first, in Latin script too.
FAMILY_FIRST_COUNTRIES = {"HU"}

TITLES = [
    ({"en": "Vice Minister", "zh": "副部长"}, 1),
    ({"en": "President", "zh": "校长"}, 3),
    ({"en": "Dean", "zh": "院长"}, 5),
    ({"en": "Director", "zh": "主任"}, 8),
    ({"en": "Professor", "zh": "教授"}, None),
    ({"en": "Chief Scientist", "zh": "首席科学家"}, None),
    ({"en": "Research Fellow", "zh": "研究员"}, None),
    ({"en": "Young Scientist", "zh": "青年科学家"}, None),
]

INSTITUTIONS = [
    {"en": "Chinese Academy of Sciences", "zh": "中国科学院"},
    {"en": "Tsinghua University", "zh": "清华大学"},
    {"en": "Peking University", "zh": "北京大学"},
    {"en": "Beijing Institute of Technology", "zh": "北京理工大学"},
    {"en": "National Natural Science Foundation", "zh": "国家自然科学基金委员会"},
    {"en": "Zhongguancun Laboratory", "zh": "中关村实验室"},
    {"en": "Max Planck Society", "zh": "马克斯·普朗克学会"},
    {"en": "CNRS", "zh": "法国国家科学研究中心"},
    {"en": "Royal Society", "zh": "英国皇家学会"},
    {"en": "University of Nairobi", "zh": "内罗毕大学"},
]

FORUM_TOPICS = [
    (
        {"en": "Artificial Intelligence", "zh": "人工智能"},
        {"en": "Intelligence for good", "zh": "智能向善"},
    ),
    (
        {"en": "Quantum Science", "zh": "量子科学"},
        {"en": "From theory to devices", "zh": "从理论到器件"},
    ),
    ({"en": "Life Sciences", "zh": "生命科学"}, {"en": "Health for all", "zh": "健康共享"}),
    (
        {"en": "Green Energy", "zh": "绿色能源"},
        {"en": "Towards carbon neutrality", "zh": "迈向碳中和"},
    ),
    ({"en": "Space Exploration", "zh": "空间探索"}, {"en": "Open skies", "zh": "开放天空"}),
    ({"en": "Digital Economy", "zh": "数字经济"}, {"en": "Data as a resource", "zh": "数据要素"}),
    (
        {"en": "Technology Transfer", "zh": "技术转移"},
        {"en": "From lab to market", "zh": "从实验室到市场"},
    ),
    ({"en": "Young Scientists", "zh": "青年科学家"}, {"en": "The next generation", "zh": "下一代"}),
]

SESSION_KINDS = ["keynote", "speech", "speech", "remarks", "panel", "dialogue", "speech", "keynote"]
SESSION_TOPICS = [
    ({"en": "Open innovation", "zh": "开放创新"}),
    ({"en": "Global cooperation", "zh": "全球合作"}),
    ({"en": "Governance of emerging technologies", "zh": "新兴技术治理"}),
    ({"en": "Talent exchange", "zh": "人才交流"}),
    ({"en": "Infrastructure, shared", "zh": "共享基础设施"}),
    ({"en": "Standards; interoperability", "zh": "标准与互操作"}),
    ({"en": "Science communication", "zh": "科学传播"}),
]
