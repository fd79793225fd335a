"""The seven secondary vocational schools of 白城市, school years 2021 and 2022, as school dicts.

白城市 2022 年度中等职业教育质量报告 publishes city figures and a few school figures; it does not
publish the schools' data sheets. This module fills the sheets in with synthetic but plausible
detail, chosen so that the 2022 data, aggregated the way the data contract (§4) prescribes,
reproduces every figure the report states, and so that every school passes every rule of §2
without an unexplained warning. The 2021 data is the same seven schools one year earlier,
consistent with 2022 cohort by cohort. ``broken()`` derives the classic mistakes from the valid
2022 data, one mistake per file. ``samples/README.md`` explains the choices.

Each call returns fresh dicts, so callers may change them freely.
"""

from __future__ import annotations

import copy
from typing import Any, Final

SchoolData = dict[str, Any]
# 招生数, 一年级, 二年级, 三年级, 毕业生数 of one major in one year.
GradeCounts = tuple[int, int, int, int, int]
# code, catalogue name, 示范专业, the 2021 counts, the 2022 counts (None: not run that year).
MajorRow = tuple[str, str, str, GradeCounts | None, GradeCounts | None]
# 调查对象, 调查项目, 有效样本数, 非常满意, 基本满意, 不满意, 满意度 (None: left empty).
SurveyRow = tuple[str, str, int, int, int, int, float | None]
# 赛事级别, 赛项名称, 获奖学生, 指导教师, 奖项.
AwardRow = tuple[str, str, str, str, str]
# The form sheets' values in the order of their ``*_KEYS`` below.
TeacherValues = tuple[int, int, int, int, int, int, int, int, float | None]
EmploymentValues = tuple[int, int, int, int, int, int, int, float | None, float | None]
FundingValues = tuple[float, float, float, float, float, float | None]
ServiceValues = tuple[int, int, int, int, int, int, int, int]

YEARS: Final = (2021, 2022)

# The schools in the order of the report; the keys only name them inside this module.
_IDENTITY: Final[dict[str, dict[str, str]]] = {
    "first_vocational": {
        "name": "白城市第一职业高中",
        "school_code": "3622002417",
        "division_code": "220802",
        "county": "洮北区",
        "affiliation": "市直属",
        "contact": "王淑华",
    },
    "animal_husbandry": {
        "name": "吉林省畜牧业学校",
        "school_code": "3622000388",
        "division_code": "220802",
        "county": "洮北区",
        "affiliation": "市直属",
        "contact": "刘宏伟",
    },
    "zhenlai": {
        "name": "镇赉县职业技术教育中心",
        "school_code": "3622003106",
        "division_code": "220821",
        "county": "镇赉县",
        "affiliation": "县（市、区）属",
        "contact": "张立群",
    },
    "tongyu": {
        "name": "通榆县职业技术学校",
        "school_code": "3622003254",
        "division_code": "220822",
        "county": "通榆县",
        "affiliation": "县（市、区）属",
        "contact": "孟庆丰",
    },
    "taobei_agricultural": {
        "name": "洮北区农业职业技术学校",
        "school_code": "3622002935",
        "division_code": "220802",
        "county": "洮北区",
        "affiliation": "县（市、区）属",
        "contact": "杜秀云",
    },
    "taonan": {
        "name": "洮南市职业教育中心",
        "school_code": "3622003371",
        "division_code": "220881",
        "county": "洮南市",
        "affiliation": "县（市、区）属",
        "contact": "陈立新",
    },
    "da_an": {
        "name": "大安市职业教育中心",
        "school_code": "3622003489",
        "division_code": "220882",
        "county": "大安市",
        "affiliation": "县（市、区）属",
        "contact": "于春燕",
    },
}

# 专业与学生. The 2022 grade-2 count of a major never exceeds its 2021 grade-1 count, grade 3
# never exceeds 2021's grade 2, and 2022's graduates never exceed 2021's grade 3: the cohorts
# only lose students. Two majors open in 2022 (婴幼儿托育 at 白城市第一职业高中, 建筑装饰技术 at
# 洮南, the 万华 cooperative class) and one closes (农产品营销与储运 at 洮北区农业职业技术学校,
# whose last class graduated in 2021).
_MAJORS: Final[dict[str, tuple[MajorRow, ...]]] = {
    "first_vocational": (
        ("710201", "计算机应用", "省级", (129, 128, 70, 93, 86), (95, 94, 114, 64, 89)),
        ("770101", "幼儿保育", "省级", (107, 106, 62, 86, 79), (78, 77, 95, 57, 82)),
        ("740104", "高星级饭店运营与管理", "市级", (58, 57, 35, 51, 47), (40, 39, 51, 32, 49)),
        ("700206", "汽车运用与维修", "", (72, 71, 40, 52, 48), (51, 50, 63, 37, 50)),
        ("660601", "无人机操控与维护", "", (52, 51, 22, 20, 19), (49, 48, 45, 20, 19)),
        ("660301", "机电技术应用", "", (43, 42, 26, 38, 36), (29, 28, 37, 24, 36)),
        ("730701", "电子商务", "", (53, 52, 26, 32, 29), (42, 41, 46, 24, 31)),
        ("730301", "会计事务", "", (32, 31, 22, 35, 32), (20, 20, 28, 20, 34)),
        ("710204", "数字媒体技术应用", "", (44, 43, 22, 26, 24), (35, 34, 38, 20, 25)),
        ("710210", "计算机平面设计", "", (32, 31, 18, 23, 22), (25, 24, 28, 17, 22)),
        ("750110", "美发与形象设计", "", (24, 23, 13, 18, 16), (19, 19, 21, 12, 17)),
        ("740201", "中餐烹饪", "", (32, 31, 18, 23, 22), (25, 24, 28, 17, 22)),
        ("720803", "婴幼儿托育", "", None, (25, 25, 0, 0, 0)),
        ("740101", "旅游服务与管理", "", (19, 19, 13, 21, 19), (10, 10, 17, 12, 20)),
        ("750201", "音乐表演", "", (27, 26, 13, 16, 15), (21, 20, 23, 12, 15)),
        ("730801", "物流服务与管理", "", (13, 13, 9, 14, 13), (10, 10, 12, 8, 14)),
        ("710202", "计算机网络技术", "", (24, 23, 13, 18, 16), (19, 19, 20, 12, 17)),
        ("700402", "航空服务", "", (39, 38, 18, 19, 17), (31, 30, 34, 17, 18)),
    ),
    "animal_husbandry": (
        ("610301", "畜禽生产技术", "省级", (79, 78, 48, 79, 73), (84, 82, 64, 45, 75)),
        ("610303", "宠物养护与经营", "市级", (44, 43, 23, 29, 27), (49, 48, 35, 21, 28)),
        ("610302", "特种动物养殖", "", (16, 16, 10, 16, 15), (16, 15, 13, 9, 15)),
        ("610110", "饲草栽培与加工", "", (11, 11, 8, 16, 14), (9, 9, 9, 8, 15)),
        ("610114", "农产品加工与质量检测", "", (18, 17, 11, 18, 17), (19, 18, 14, 10, 17)),
        ("690104", "食品安全与检测技术", "", (20, 19, 11, 17, 15), (21, 20, 15, 10, 16)),
        ("690101", "食品加工工艺", "", (12, 12, 8, 14, 13), (12, 12, 10, 7, 13)),
        ("610119", "农资营销与服务", "", (11, 11, 7, 11, 10), (11, 11, 9, 7, 10)),
        ("620803", "生态环境保护", "", (12, 12, 6, 9, 9), (12, 12, 10, 6, 9)),
        ("690204", "药品食品检验", "", (13, 13, 8, 13, 12), (13, 13, 11, 7, 12)),
    ),
    "zhenlai": (
        ("700206", "汽车运用与维修", "市级", (30, 29, 16, 22, 20), (29, 28, 19, 15, 21)),
        ("660103", "数控技术应用", "市级", (21, 20, 11, 15, 14), (20, 19, 13, 10, 14)),
        ("660301", "机电技术应用", "", (15, 15, 8, 11, 10), (15, 15, 10, 7, 11)),
        ("770101", "幼儿保育", "", (23, 22, 11, 14, 12), (23, 22, 14, 10, 13)),
        ("660601", "无人机操控与维护", "", (16, 16, 6, 6, 6), (20, 19, 10, 6, 6)),
        ("710211", "计算机与数码设备维修", "", (15, 15, 8, 11, 10), (15, 15, 10, 7, 10)),
        ("730705", "直播电商服务", "", (12, 12, 6, 9, 8), (12, 12, 8, 6, 9)),
        ("700208", "汽车美容与装潢", "", (11, 11, 6, 7, 7), (11, 11, 7, 6, 7)),
        ("790301", "现代家政服务与管理", "", (7, 7, 4, 5, 5), (7, 7, 4, 4, 5)),
    ),
    "tongyu": (
        ("790302", "智慧健康养老服务", "市级", (39, 38, 13, 16, 16), (51, 50, 24, 12, 15)),
        ("720201", "护理", "", (35, 34, 15, 28, 26), (34, 33, 21, 14, 27)),
        ("700207", "汽车车身修复", "市级", (25, 24, 11, 20, 19), (25, 24, 15, 10, 19)),
        ("700206", "汽车运用与维修", "", (25, 24, 10, 20, 19), (25, 24, 15, 9, 19)),
        ("660101", "机械制造技术", "", (18, 18, 8, 17, 16), (16, 16, 11, 7, 16)),
        ("660105", "焊接技术应用", "", (17, 17, 7, 14, 13), (17, 17, 11, 7, 13)),
        ("660302", "电气设备运行与控制", "", (22, 22, 9, 18, 17), (22, 22, 14, 8, 17)),
        ("710101", "电子信息技术", "", (25, 24, 10, 20, 18), (25, 25, 15, 9, 19)),
        ("660201", "智能设备运行与维护", "", (15, 15, 6, 12, 11), (15, 15, 10, 6, 12)),
        ("630105", "供用电技术", "", (13, 13, 5, 10, 9), (12, 12, 8, 5, 10)),
        ("610113", "农机设备应用与维修", "", (10, 10, 5, 12, 11), (8, 8, 6, 5, 12)),
        ("720601", "康复技术", "", (16, 16, 6, 11, 10), (16, 16, 10, 6, 11)),
    ),
    "taobei_agricultural": (
        ("610102", "作物生产技术", "市级", (29, 28, 14, 22, 21), (28, 27, 19, 13, 21)),
        ("610112", "设施农业生产技术", "", (17, 16, 9, 14, 13), (17, 16, 11, 8, 13)),
        ("710103", "电子技术应用", "", (22, 21, 10, 14, 13), (24, 23, 14, 9, 13)),
        ("710105", "电子电器应用与维修", "", (15, 15, 7, 11, 10), (14, 14, 10, 7, 10)),
        ("610113", "农机设备应用与维修", "", (13, 13, 7, 10, 9), (13, 13, 9, 7, 10)),
        ("610105", "园艺技术", "", (14, 14, 7, 11, 10), (14, 14, 9, 6, 10)),
        ("610118", "休闲农业生产与经营", "", (9, 9, 4, 7, 6), (9, 9, 6, 4, 7)),
        ("660303", "工业机器人技术应用", "", (16, 16, 6, 8, 8), (17, 17, 10, 6, 8)),
        ("610116", "农产品营销与储运", "", (0, 0, 0, 0, 18), None),
    ),
    "taonan": (
        ("640102", "建筑装饰技术", "", None, (65, 65, 0, 0, 0)),
        ("610101", "种子生产技术", "", (47, 46, 25, 31, 29), (27, 26, 42, 23, 29)),
        ("610105", "园艺技术", "", (42, 41, 22, 28, 26), (23, 22, 38, 21, 27)),
        ("610102", "作物生产技术", "省级", (73, 72, 39, 49, 45), (40, 39, 66, 37, 47)),
        ("660301", "机电技术应用", "市级", (68, 67, 36, 45, 42), (36, 35, 61, 34, 43)),
        ("710201", "计算机应用", "", (62, 61, 34, 42, 38), (33, 32, 56, 32, 40)),
        ("770101", "幼儿保育", "", (69, 68, 33, 37, 35), (40, 39, 62, 31, 35)),
        ("730701", "电子商务", "", (42, 41, 22, 28, 26), (23, 23, 38, 21, 27)),
        ("700204", "交通工程机械运用与维修", "", (52, 51, 28, 35, 32), (30, 29, 47, 26, 33)),
        ("640301", "建筑工程施工", "", (33, 32, 20, 27, 25), (18, 18, 29, 19, 26)),
        ("620301", "工程测量技术", "", (21, 21, 11, 14, 13), (13, 13, 19, 10, 13)),
        ("750101", "艺术设计与制作", "", (21, 21, 11, 14, 13), (13, 13, 19, 10, 13)),
        ("730602", "市场营销", "", (23, 23, 14, 19, 17), (12, 12, 21, 13, 18)),
        ("610106", "植物保护", "", (21, 21, 11, 14, 13), (13, 13, 19, 10, 13)),
        ("790401", "文秘", "", (26, 25, 14, 17, 16), (17, 17, 23, 13, 16)),
    ),
    "da_an": (
        ("700209", "新能源汽车运用与维修", "市级", (30, 29, 7, 15, 14), (53, 52, 15, 6, 14)),
        ("700206", "汽车运用与维修", "", (32, 31, 10, 30, 27), (33, 32, 16, 9, 29)),
        ("660204", "新能源装备运行与维护", "", (27, 26, 8, 25, 23), (28, 27, 14, 7, 24)),
        ("710201", "计算机应用", "", (29, 28, 9, 27, 25), (31, 30, 15, 8, 26)),
        ("790302", "智慧健康养老服务", "", (16, 16, 4, 10, 9), (24, 23, 8, 4, 10)),
        ("630301", "光伏工程技术与应用", "", (13, 13, 4, 9, 9), (17, 16, 7, 4, 9)),
        ("740103", "康养休闲旅游服务", "", (16, 16, 5, 15, 14), (18, 17, 8, 4, 14)),
        ("790305", "母婴照护", "", (20, 19, 6, 19, 17), (23, 22, 10, 5, 18)),
        ("730601", "连锁经营与管理", "", (11, 11, 4, 11, 10), (13, 13, 6, 4, 11)),
        ("750103", "数字影像技术", "", (11, 11, 4, 11, 10), (13, 13, 6, 3, 11)),
        ("610104", "家庭农场生产经营", "", (11, 11, 3, 11, 10), (13, 13, 6, 3, 11)),
        ("700205", "汽车服务与营销", "", (14, 14, 4, 13, 12), (15, 14, 7, 3, 13)),
    ),
}

# 学校信息: 校园占地面积 (m²), 校舍建筑面积 (m²), 纸质图书 (册). Land sums to 79.61 万 m² and
# buildings to 17.70 万 m². 通榆's new dormitory (3825.51 m²) and 大安's 创新创业实训楼 (2500 m²)
# enter the 2022 building area; 通榆 bought 23451 books in 2022.
_CAMPUS: Final[dict[int, dict[str, tuple[float, float, int]]]] = {
    2021: {
        "first_vocational": (120460.0, 42316.5, 60800),
        "animal_husbandry": (299871.0, 33400.0, 48100),
        "zhenlai": (60125.0, 14528.0, 14870),
        "tongyu": (110240.0, 24161.0, 21659),
        "taobei_agricultural": (65912.0, 12460.0, 10210),
        "taonan": (79655.0, 28400.0, 42900),
        "da_an": (59837.0, 15442.0, 17380),
    },
    2022: {
        "first_vocational": (120460.0, 42316.5, 62350),
        "animal_husbandry": (299871.0, 33400.0, 48920),
        "zhenlai": (60125.0, 14528.0, 15230),
        "tongyu": (110240.0, 27986.51, 45110),
        "taobei_agricultural": (65912.0, 12460.0, 10560),
        "taonan": (79655.0, 28400.0, 43800),
        "da_an": (59837.0, 17942.0, 18040),
    },
}

_TEACHER_KEYS: Final = (
    "staff_total",
    "full_time",
    "foundation",
    "specialty",
    "dual_qualified",
    "senior_title",
    "postgraduate",
    "part_time",
    "dual_ratio_reported",
)
# 教师队伍. 2022 sums: 898 staff, 553 full-time, 247 senior titles (44.67%), 33 master's or
# above (5.97%), 311 specialty teachers of whom 168 双师型 (54.02%). 镇赉 hired 16 specialty
# teachers in 2022 (14 of them craftsmen); 洮南 received 5 foundation and 4 specialty teachers.
_TEACHERS: Final[dict[int, dict[str, TeacherValues]]] = {
    2021: {
        "first_vocational": (218, 148, 67, 81, 43, 64, 9, 11, 53.09),
        "animal_husbandry": (152, 96, 38, 58, 34, 51, 8, 8, None),
        "zhenlai": (55, 31, 15, 16, 7, 15, 2, 5, None),
        "tongyu": (172, 79, 36, 43, 21, 37, 4, 6, 48.84),
        "taobei_agricultural": (61, 41, 18, 23, 11, 16, 1, 4, None),
        "taonan": (128, 79, 37, 42, 20, 33, 3, 8, 47.62),
        "da_an": (90, 54, 22, 32, 14, 21, 3, 5, None),
    },
    2022: {
        "first_vocational": (220, 150, 68, 82, 45, 66, 10, 12, 54.88),
        "animal_husbandry": (150, 95, 37, 58, 36, 52, 9, 8, None),
        "zhenlai": (68, 45, 19, 26, 14, 18, 2, 6, None),
        "tongyu": (175, 80, 36, 44, 23, 38, 4, 7, 52.27),
        "taobei_agricultural": (60, 40, 18, 22, 12, 16, 1, 4, None),
        "taonan": (135, 88, 42, 46, 23, 35, 4, 9, 50.0),
        "da_an": (90, 55, 22, 33, 15, 22, 3, 5, None),
    },
}

_EMPLOYMENT_KEYS: Final = (
    "graduates",
    "employed",
    "employed_in_field",
    "further_study",
    "to_bachelor",
    "not_placed",
    "starting_salary",
    "employment_rate_reported",
    "in_field_rate_reported",
)
# 就业与升学. The report's 1718 graduates split as 310 employed + 1103 further study + 305 not
# placed, 29 of the further study to bachelor programmes (see samples/README.md).
_EMPLOYMENT: Final[dict[int, dict[str, EmploymentValues]]] = {
    2021: {
        "first_vocational": (540, 100, 78, 380, 10, 60, 3300, 88.89, 78.0),
        "animal_husbandry": (205, 82, 70, 98, 5, 25, 3500, 87.8, 85.37),
        "zhenlai": (92, 24, 18, 54, 1, 14, 2900, None, None),
        "tongyu": (185, 52, 38, 98, 2, 35, 3000, 81.08, 73.08),
        "taobei_agricultural": (108, 44, 35, 46, 0, 18, 3600, None, None),
        "taonan": (370, 52, 35, 246, 4, 72, 2900, 80.54, 67.31),
        "da_an": (180, 40, 28, 108, 2, 32, 3100, None, None),
    },
    2022: {
        "first_vocational": (560, 80, 62, 400, 12, 80, 3400, 85.71, 77.5),
        "animal_husbandry": (210, 70, 61, 110, 6, 30, 3600, 85.71, 87.14),
        "zhenlai": (96, 20, 15, 60, 1, 16, 3000, None, None),
        "tongyu": (190, 40, 30, 110, 3, 40, 3100, 78.95, 75.0),
        "taobei_agricultural": (92, 30, 24, 45, 0, 17, 3800, None, None),
        "taonan": (380, 40, 28, 258, 5, 82, 3000, 78.42, 70.0),
        "da_an": (190, 30, 22, 120, 2, 40, 3200, None, None),
    },
}

_FUNDING_KEYS: Final = (
    "fiscal_appropriation",
    "special_funds",
    "capital_construction",
    "equipment_purchase",
    "equipment_value",
    "per_student_reported",
)
# 经费投入, amounts in 万元, 生均 in 元. 2022: appropriations sum to 2396.0137 万元, i.e.
# 4718.42 元 per student; 镇赉 receives the 251.1 万元 of the report (7996.82 元 for 314 students,
# reported as 7994); the 561 万元 of central and provincial funds went to 大安 (the report names
# them together with 大安's new 实训楼).
_FUNDING: Final[dict[int, dict[str, FundingValues]]] = {
    2021: {
        "first_vocational": (702.3, 85.0, 0.0, 95.2, 906.0, 3880.11),
        "animal_husbandry": (408.6, 150.0, 0.0, 120.5, 1190.0, None),
        "zhenlai": (236.4, 0.0, 0.0, 126.3, 383.1, None),
        "tongyu": (231.5, 60.0, 0.0, 45.0, 530.4, None),
        "taobei_agricultural": (128.7, 0.0, 0.0, 12.4, 167.8, None),
        "taonan": (421.9, 40.0, 0.0, 36.5, 467.7, None),
        "da_an": (236.2, 45.0, 1120.0, 30.2, 627.8, None),
    },
    2022: {
        "first_vocational": (689.6, 0.0, 48.5, 86.4, 982.35, 4016.31),
        "animal_husbandry": (421.35, 0.0, 0.0, 62.8, 1248.6, None),
        "zhenlai": (251.1, 0.0, 30.0, 38.6, 421.7, 7994.0),
        "tongyu": (242.8, 0.0, 1382.56, 82.0, 612.4, 4669.23),
        "taobei_agricultural": (134.9, 0.0, 0.0, 18.5, 186.3, None),
        "taonan": (408.25, 0.0, 0.0, 41.2, 508.9, None),
        "da_an": (248.0137, 561.0, 632.0, 548.6, 1176.4, None),
    },
}

_SERVICE_KEYS: Final = (
    "partner_enterprises",
    "order_classes",
    "social_training",
    "x_certificates",
    "x_candidates",
    "x_passed",
    "skill_candidates",
    "skill_passed",
)
# 服务贡献. 2022: 62 partner enterprises, 3500 training person-times; three 1+X pilots with one
# certificate each (无人机驾驶 at 白城市第一职业高中, 中德诺浩智能网联汽车检测与运维 at 大安,
# 数控车铣加工 at 镇赉, whose test was not held: 0 candidates); 畜牧业学校's 63/57 鉴定.
_SERVICES: Final[dict[int, dict[str, ServiceValues]]] = {
    2021: {
        "first_vocational": (13, 3, 500, 1, 30, 26, 0, 0),
        "animal_husbandry": (10, 1, 920, 0, 0, 0, 58, 51),
        "zhenlai": (6, 1, 280, 0, 0, 0, 0, 0),
        "tongyu": (8, 1, 560, 0, 0, 0, 0, 0),
        "taobei_agricultural": (6, 0, 350, 0, 0, 0, 0, 0),
        "taonan": (8, 1, 300, 0, 0, 0, 0, 0),
        "da_an": (5, 0, 480, 0, 0, 0, 0, 0),
    },
    2022: {
        "first_vocational": (14, 3, 520, 1, 36, 31, 0, 0),
        "animal_husbandry": (11, 1, 860, 0, 0, 0, 63, 57),
        "zhenlai": (7, 1, 310, 1, 0, 0, 0, 0),
        "tongyu": (9, 1, 620, 0, 0, 0, 0, 0),
        "taobei_agricultural": (6, 1, 400, 0, 0, 0, 0, 0),
        "taonan": (9, 1, 250, 0, 0, 0, 0, 0),
        "da_an": (6, 0, 540, 1, 24, 20, 0, 0),
    },
}

# 满意度调查. Pooled over the seven schools, 2022's 在校生 rate 93.0% for 理论学习 and 专业学习,
# 92.9% for 实习实训, 92.5% for 校园文化与社团活动, 96.6% for 生活, 97.0% for 校园安全 (94.2% over
# all six items), and 毕业生 95.8%.
_SURVEYS: Final[dict[int, dict[str, tuple[SurveyRow, ...]]]] = {
    2021: {
        "first_vocational": (
            ("在校生", "理论学习", 450, 257, 157, 36, 92.0),
            ("在校生", "专业学习", 450, 257, 157, 36, 92.0),
            ("在校生", "实习实训", 450, 257, 158, 35, 92.22),
            ("在校生", "校园文化与社团活动", 450, 255, 156, 39, 91.33),
            ("在校生", "生活", 450, 267, 164, 19, 95.78),
            ("在校生", "校园安全", 450, 268, 165, 17, 96.22),
            ("毕业生", "总体", 110, 64, 39, 7, 93.64),
            ("教师", "总体", 120, 69, 43, 8, 93.33),
            ("家长", "总体", 280, 164, 101, 15, 94.64),
            ("用人单位", "总体", 34, 20, 12, 2, 94.12),
        ),
        "animal_husbandry": (
            ("在校生", "理论学习", 160, 98, 50, 12, 92.5),
            ("在校生", "专业学习", 160, 99, 51, 10, 93.75),
            ("在校生", "实习实训", 160, 96, 50, 14, 91.25),
            ("在校生", "校园文化与社团活动", 160, 97, 50, 13, 91.88),
            ("在校生", "生活", 160, 102, 53, 5, 96.88),
            ("在校生", "校园安全", 160, 103, 53, 4, 97.5),
            ("毕业生", "总体", 55, 35, 18, 2, 96.36),
            ("教师", "总体", 80, 50, 25, 5, 93.75),
            ("家长", "总体", 90, 57, 29, 4, 95.56),
            ("用人单位", "总体", 30, 19, 10, 1, 96.67),
        ),
        "zhenlai": (
            ("在校生", "理论学习", 80, 40, 32, 8, None),
            ("在校生", "专业学习", 80, 40, 32, 8, None),
            ("在校生", "实习实训", 80, 40, 32, 8, None),
            ("在校生", "校园文化与社团活动", 80, 39, 32, 9, None),
            ("在校生", "生活", 80, 41, 34, 5, None),
            ("在校生", "校园安全", 80, 41, 34, 5, None),
            ("毕业生", "总体", 30, 15, 13, 2, None),
            ("教师", "总体", 30, 15, 13, 2, None),
            ("家长", "总体", 50, 25, 21, 4, None),
        ),
        "tongyu": (
            ("在校生", "理论学习", 120, 64, 46, 10, None),
            ("在校生", "专业学习", 120, 63, 46, 11, None),
            ("在校生", "实习实训", 120, 63, 45, 12, None),
            ("在校生", "校园文化与社团活动", 120, 63, 45, 12, None),
            ("在校生", "生活", 120, 66, 48, 6, None),
            ("在校生", "校园安全", 120, 67, 48, 5, None),
            ("毕业生", "总体", 45, 24, 18, 3, None),
            ("教师", "总体", 65, 35, 25, 5, None),
            ("家长", "总体", 80, 44, 31, 5, None),
        ),
        "taobei_agricultural": (
            ("在校生", "理论学习", 60, 33, 22, 5, None),
            ("在校生", "专业学习", 60, 34, 22, 4, None),
            ("在校生", "实习实训", 60, 33, 22, 5, None),
            ("在校生", "校园文化与社团活动", 60, 33, 22, 5, None),
            ("在校生", "生活", 60, 34, 23, 3, None),
            ("在校生", "校园安全", 60, 35, 23, 2, None),
            ("毕业生", "总体", 32, 19, 12, 1, None),
            ("教师", "总体", 35, 20, 13, 2, None),
            ("家长", "总体", 40, 23, 15, 2, None),
        ),
        "taonan": (
            ("在校生", "理论学习", 320, 165, 125, 30, 90.62),
            ("在校生", "专业学习", 320, 166, 126, 28, 91.25),
            ("在校生", "实习实训", 320, 162, 123, 35, 89.06),
            ("在校生", "校园文化与社团活动", 320, 163, 123, 34, 89.38),
            ("在校生", "生活", 320, 172, 130, 18, 94.38),
            ("在校生", "校园安全", 320, 174, 132, 14, 95.62),
            ("毕业生", "总体", 80, 43, 32, 5, 93.75),
            ("教师", "总体", 65, 34, 26, 5, 92.31),
            ("家长", "总体", 180, 95, 72, 13, 92.78),
        ),
        "da_an": (
            ("在校生", "理论学习", 100, 55, 36, 9, None),
            ("在校生", "专业学习", 100, 55, 37, 8, None),
            ("在校生", "实习实训", 100, 55, 36, 9, None),
            ("在校生", "校园文化与社团活动", 100, 55, 36, 9, None),
            ("在校生", "生活", 100, 57, 38, 5, None),
            ("在校生", "校园安全", 100, 58, 38, 4, None),
            ("毕业生", "总体", 40, 23, 15, 2, None),
            ("教师", "总体", 45, 25, 17, 3, None),
            ("家长", "总体", 70, 40, 26, 4, None),
        ),
    },
    2022: {
        "first_vocational": (
            ("在校生", "理论学习", 420, 242, 148, 30, 92.86),
            ("在校生", "专业学习", 420, 244, 149, 27, 93.57),
            ("在校生", "实习实训", 420, 244, 149, 27, 93.57),
            ("在校生", "校园文化与社团活动", 420, 242, 149, 29, 93.1),
            ("在校生", "生活", 420, 252, 155, 13, 96.9),
            ("在校生", "校园安全", 420, 253, 155, 12, 97.14),
            ("毕业生", "总体", 120, 73, 44, 3, 97.5),
            ("教师", "总体", 130, 77, 47, 6, 95.38),
            ("家长", "总体", 300, 179, 109, 12, 96.0),
            ("用人单位", "总体", 36, 22, 13, 1, 97.22),
        ),
        "animal_husbandry": (
            ("在校生", "理论学习", 160, 100, 51, 9, 94.38),
            ("在校生", "专业学习", 160, 100, 52, 8, 95.0),
            ("在校生", "实习实训", 160, 99, 51, 10, 93.75),
            ("在校生", "校园文化与社团活动", 160, 99, 51, 10, 93.75),
            ("在校生", "生活", 160, 104, 53, 3, 98.12),
            ("在校生", "校园安全", 160, 104, 54, 2, 98.75),
            ("毕业生", "总体", 60, 38, 20, 2, 96.67),
            ("教师", "总体", 82, 51, 27, 4, 95.12),
            ("家长", "总体", 100, 63, 33, 4, 96.0),
            ("用人单位", "总体", 32, 20, 11, 1, 96.88),
        ),
        "zhenlai": (
            ("在校生", "理论学习", 90, 45, 37, 8, None),
            ("在校生", "专业学习", 90, 46, 37, 7, None),
            ("在校生", "实习实训", 90, 46, 37, 7, None),
            ("在校生", "校园文化与社团活动", 90, 45, 37, 8, None),
            ("在校生", "生活", 90, 47, 38, 5, None),
            ("在校生", "校园安全", 90, 47, 39, 4, None),
            ("毕业生", "总体", 32, 16, 14, 2, None),
            ("教师", "总体", 40, 20, 17, 3, None),
            ("家长", "总体", 60, 31, 25, 4, None),
        ),
        "tongyu": (
            ("在校生", "理论学习", 140, 75, 55, 10, None),
            ("在校生", "专业学习", 140, 75, 54, 11, None),
            ("在校生", "实习实训", 140, 75, 54, 11, None),
            ("在校生", "校园文化与社团活动", 140, 74, 54, 12, None),
            ("在校生", "生活", 140, 78, 57, 5, None),
            ("在校生", "校园安全", 140, 79, 57, 4, None),
            ("毕业生", "总体", 50, 27, 20, 3, None),
            ("教师", "总体", 70, 38, 27, 5, None),
            ("家长", "总体", 90, 49, 36, 5, None),
            ("用人单位", "总体", 30, 17, 12, 1, None),
        ),
        "taobei_agricultural": (
            ("在校生", "理论学习", 70, 40, 26, 4, None),
            ("在校生", "专业学习", 70, 40, 26, 4, None),
            ("在校生", "实习实训", 70, 40, 26, 4, None),
            ("在校生", "校园文化与社团活动", 70, 39, 26, 5, None),
            ("在校生", "生活", 70, 41, 27, 2, None),
            ("在校生", "校园安全", 70, 41, 28, 1, None),
            ("毕业生", "总体", 30, 17, 12, 1, None),
            ("教师", "总体", 36, 20, 14, 2, None),
            ("家长", "总体", 50, 29, 19, 2, None),
        ),
        "taonan": (
            ("在校生", "理论学习", 300, 158, 120, 22, 92.67),
            ("在校生", "专业学习", 300, 156, 118, 26, 91.33),
            ("在校生", "实习实训", 300, 157, 118, 25, 91.67),
            ("在校生", "校园文化与社团活动", 300, 157, 118, 25, 91.67),
            ("在校生", "生活", 300, 164, 124, 12, 96.0),
            ("在校生", "校园安全", 300, 164, 124, 12, 96.0),
            ("毕业生", "总体", 90, 48, 37, 5, 94.44),
            ("教师", "总体", 76, 40, 31, 5, 93.42),
            ("家长", "总体", 200, 107, 81, 12, 94.0),
        ),
        "da_an": (
            ("在校生", "理论学习", 120, 67, 45, 8, None),
            ("在校生", "专业学习", 120, 67, 45, 8, None),
            ("在校生", "实习实训", 120, 67, 45, 8, None),
            ("在校生", "校园文化与社团活动", 120, 67, 44, 9, None),
            ("在校生", "生活", 120, 70, 46, 4, None),
            ("在校生", "校园安全", 120, 70, 46, 4, None),
            ("毕业生", "总体", 45, 26, 17, 2, None),
            ("教师", "总体", 48, 28, 18, 2, None),
            ("家长", "总体", 80, 46, 30, 4, None),
        ),
    },
}

# 技能大赛. 2022: the report's 表1 of the provincial contest (7 entries, 12 students) exactly as
# printed, and the city contest, which only 白城市第一职业高中 and 洮南 completed (3 first, 3
# second, 6 third prizes, one student per entry; names invented).
_AWARDS: Final[dict[int, dict[str, tuple[AwardRow, ...]]]] = {
    2021: {
        "first_vocational": (
            ("省级", "中餐宴会摆台", "孙雅琪", "韩雪", "三等奖"),
            ("市级", "网络搭建与应用", "高明轩", "邵红梅", "一等奖"),
            ("市级", "幼儿保育", "林书瑶", "田丽娜", "二等奖"),
        ),
        "animal_husbandry": (("省级", "宠物美容", "马晓彤", "刘春艳", "三等奖"),),
        "tongyu": (("市级", "汽车车身修复", "李浩宇", "贾志刚", "二等奖"),),
        "taonan": (
            ("市级", "种子质量检测", "张文博", "崔建华", "一等奖"),
            ("市级", "机电一体化设备组装与调试", "杨子豪", "潘志强", "三等奖"),
        ),
        "da_an": (("市级", "汽车机电维修", "徐浩天", "白立军", "三等奖"),),
    },
    2022: {
        "first_vocational": (
            ("省级", "无人机操控与维护", "王博、张家杨", "杨彬", "二等奖"),
            ("省级", "无人机操控与维护", "刘茁、胡毅源", "杨彬", "三等奖"),
            ("市级", "网络搭建与应用", "李子轩", "邵红梅", "一等奖"),
            ("市级", "中餐宴会摆台", "赵雨欣", "韩雪", "一等奖"),
            ("市级", "幼儿保育", "周佳琪", "田丽娜", "二等奖"),
            ("市级", "汽车机电维修", "孙浩然", "魏立新", "二等奖"),
            ("市级", "婴幼儿照护", "吴思彤", "田丽娜", "三等奖"),
            ("市级", "导游服务", "冯子涵", "韩雪", "三等奖"),
            ("市级", "计算机平面设计", "郑宇航", "曲晓峰", "三等奖"),
        ),
        "zhenlai": (("省级", "无人机操控与维护", "杨帆、尉轩", "王国庆、李景才", "三等奖"),),
        "tongyu": (("省级", "车身修理", "马浩", "于伟见", "三等奖"),),
        "taobei_agricultural": (("省级", "电子电路装调与应用", "张宇鹏", "孙琪", "三等奖"),),
        "taonan": (
            ("省级", "果菜嫁接", "鑫祥、张新悦", "李春华、王世强", "三等奖"),
            ("省级", "种子质量检测", "王晓棣、张文琦", "侯路佳、李春华", "三等奖"),
            ("市级", "种子质量检测", "陈俊杰", "崔建华", "一等奖"),
            ("市级", "机电一体化设备组装与调试", "王鑫磊", "潘志强", "二等奖"),
            ("市级", "电气安装与维修", "高天宇", "潘志强", "三等奖"),
            ("市级", "幼儿保育", "刘梦瑶", "姜玉梅", "三等奖"),
            ("市级", "网络搭建与应用", "何欣怡", "于海波", "三等奖"),
        ),
    },
}

# 备注 per form field. None of them explains a warning (the data raises none); they carry the
# report's own wording where a figure comes from it.
_NOTES: Final[dict[int, dict[str, dict[str, dict[str, str]]]]] = {
    2021: {
        "zhenlai": {
            "funding": {
                "equipment_purchase": (
                    "含长春一汽集团捐赠红旗轿车5台（3台H7、2台H5），总价值约105万元"
                ),
            },
        },
    },
    2022: {
        "first_vocational": {
            "services": {"x_certificates": "无人机驾驶“1+X”证书试点"},
        },
        "animal_husbandry": {
            "services": {
                "skill_candidates": (
                    "家畜繁殖员职业技能鉴定（四级），畜牧兽医专业63人报考，57人通过"
                ),
            },
        },
        "zhenlai": {
            "funding": {"fiscal_appropriation": "县财政拨款251.1万元"},
            "services": {
                "x_certificates": "数控车铣加工“1+X”证书试点",
                "x_candidates": "33人申请初级培训，受疫情影响未完成测试，参加考核0人",
            },
        },
        "tongyu": {
            "school": {"books": "当年投资59.8万元购书23451册"},
            "funding": {
                "capital_construction": (
                    "新建宿舍楼1095.06万元（3825.51平方米），改建综合实训室287.5万元"
                ),
            },
            "services": {"social_training": "含短期技能培训102人次、送科技下乡种植技术培训103人"},
        },
        "da_an": {
            "school": {"building_area": "含新建创新创业实训楼2500平方米"},
            "funding": {
                "special_funds": "购置机电、计算机专业实训设备及新能源汽车实训设备",
                "capital_construction": (
                    "实训楼尾款380万元，办公楼取暖改造193万元，变压器增容59万元"
                ),
            },
            "services": {"x_certificates": "中德诺浩智能网联汽车检测与运维“1+X”证书试点"},
        },
    },
}

# The classic mistakes, each a copy of one valid 2022 school with one slip, and the rule code
# each must produce.
BROKEN_CODES: Final[dict[str, str]] = {
    "dual_ratio_54_of_54": "T306",
    "graduates_do_not_add_up": "J402",
    "approximate_count": "F005",
    "wrong_total_row": "F013",
    "missing_sheet": "F002",
    "dual_exceeds_specialty": "T303",
    "grades_do_not_add_up": "E205",
    "satisfaction_counts_do_not_add_up": "Q601",
}


def schools(year: int) -> list[SchoolData]:
    """The seven schools of the given 统计年度 (2021 or 2022), in the report's order."""
    if year not in YEARS:
        raise ValueError(f"no sample data for {year}; available: {', '.join(map(str, YEARS))}")
    return [_school(key, year) for key in _IDENTITY]


def broken() -> dict[str, SchoolData]:
    """File stem -> a valid 2022 school with one classic mistake (see ``BROKEN_CODES``)."""
    valid = {data["school"]["name"]: data for data in schools(2022)}

    def copy_of(name: str) -> SchoolData:
        return copy.deepcopy(valid[name])

    # The report's own slip: "54 双师型 teachers" read as "54%".
    dual_54 = copy_of("白城市第一职业高中")
    dual_54["teachers"]["dual_qualified"] = 54
    dual_54["teachers"]["dual_ratio_reported"] = 54.0

    # The report's 1718 graduates = 310 + 1103 + ?: the not-placed graduates left out.
    unplaced_missing = copy_of("白城市第一职业高中")
    unplaced_missing["employment"]["not_placed"] = 0

    # 洮南 "在校生超过1200" typed into a cell instead of the exact count.
    approximate = copy_of("洮南市职业教育中心")
    _major(approximate, "610102")["students"] = "约1200"

    # A 合计 row under the majors whose 在校生数 has 1717 typed as 1771 (二年级 off alike).
    total_row = copy_of("白城市第一职业高中")
    sums = {
        key: sum(row[key] for row in total_row["enrollment"])
        for key in ("new_students", "grade_1", "grade_2", "grade_3", "students", "graduates")
    }
    sums["grade_2"] += 54
    sums["students"] += 54
    total_row["enrollment"].append({"code": "合计", "name": "", **sums, "model_major": ""})

    no_teachers = copy_of("镇赉县职业技术教育中心")
    del no_teachers["teachers"]

    dual_too_many = copy_of("洮北区农业职业技术学校")
    dual_too_many["teachers"]["dual_qualified"] = dual_too_many["teachers"]["specialty"] + 3

    # 三年级 changed without 在校生数 following.
    grades_off = copy_of("通榆县职业技术学校")
    grades_off["enrollment"][0]["grade_3"] += 10

    counts_off = copy_of("吉林省畜牧业学校")
    _survey(counts_off, "在校生", "实习实训")["dissatisfied"] += 5

    return {
        "dual_ratio_54_of_54": dual_54,
        "graduates_do_not_add_up": unplaced_missing,
        "approximate_count": approximate,
        "wrong_total_row": total_row,
        "missing_sheet": no_teachers,
        "dual_exceeds_specialty": dual_too_many,
        "grades_do_not_add_up": grades_off,
        "satisfaction_counts_do_not_add_up": counts_off,
    }


def _school(key: str, year: int) -> SchoolData:
    data = _school_v1(key, year)
    if (key, year) not in _STAYS_V1:
        _add_version_2(data, key)
    return data


# The fields of template version 2 (学生素质, the teachers' 学历 and 职称, 就业去向 and the routes
# of 升学) are ILLUSTRATIVE: the 白城 report publishes none of them. They are derived from each
# school's own counts by the shares below, so that every part adds up to its whole. 大安 sent
# its 2021 data on the first template (no 模板版本 cell, no 学生素质 sheet): it shows the notice
# S108 and the city's 2021 figures of version 2 pool six schools of seven.
_STAYS_V1: Final = frozenset({("da_an", 2021)})
# per school, in ‰: 本科 of the non-postgraduate teachers, 文化课/专业技能/体质 pass,
# 双证书 of the graduates, students lost per grade in the year, 三年级 kept since entry
_SHARES: Final[dict[str, tuple[int, int, int, int, int, int, int]]] = {
    "first_vocational": (900, 962, 948, 935, 912, 18, 910),
    "animal_husbandry": (880, 955, 951, 941, 934, 15, 925),
    "zhenlai": (760, 921, 902, 918, 803, 35, 842),
    "tongyu": (820, 938, 915, 926, 861, 27, 868),
    "taobei_agricultural": (790, 933, 924, 930, 842, 30, 856),
    "taonan": (840, 944, 931, 922, 877, 24, 881),
    "da_an": (810, 929, 917, 928, 851, 29, 863),
}


def _share(count: int, per_mille: int) -> int:
    return (count * per_mille + 500) // 1000  # rounded half up, in whole numbers


def _add_version_2(data: SchoolData, key: str) -> None:
    bachelor_share, culture, skill, fitness, dual, lost, kept = _SHARES[key]
    data["school"]["template_version"] = 2
    teachers = data["teachers"]
    full_time, postgraduate, senior = (teachers["full_time"], teachers["postgraduate"],
                                       teachers["senior_title"])
    bachelor = _share(full_time - postgraduate, bachelor_share)
    others = full_time - senior
    middle, junior = _share(others, 600), _share(others, 250)
    teachers.update(bachelor=bachelor, below_bachelor=full_time - postgraduate - bachelor,
                    middle_title=middle, junior_title=junior,
                    untitled=others - middle - junior)
    employment = data["employment"]
    employed, further = employment["employed"], employment["further_study"]
    government, self_run = _share(employed, 20), _share(employed, 70)
    military, other = _share(employed, 50), _share(employed, 40)
    employment.update(
        self_employed=_share(employed, 40),
        to_enterprise=employed - government - self_run - military - other,
        to_government=government, to_self_run=self_run, to_military=military, to_other=other,
        study_vocational_exam=_share(further, 860),
        study_general=further - _share(further, 860),
    )
    grades = [sum(row[f"grade_{n}"] for row in data["enrollment"]) for n in (1, 2, 3)]
    students = sum(grades)
    graduates = sum(row["graduates"] for row in data["enrollment"])
    examined = grades[1] + grades[2]
    ends = [grade - _share(grade, lost) for grade in grades]
    data["attainment"] = {
        "culture_candidates": students,
        "culture_passed": _share(students, culture),
        "skill_test_candidates": examined,
        "skill_test_passed": _share(examined, skill),
        "fitness_candidates": students,
        "fitness_passed": _share(students, fitness),
        "graduation_due": graduates + _share(graduates, 15),
        "dual_certificate": _share(graduates, dual),
        "grade_1_end": ends[0],
        "grade_2_end": ends[1],
        "grade_3_end": ends[2],
        "cohort_entry": (ends[2] * 1000 + kept // 2) // kept,
    }


def _school_v1(key: str, year: int) -> SchoolData:
    identity = _IDENTITY[key]
    land_area, building_area, books = _CAMPUS[year][key]
    return {
        "school": {
            "name": identity["name"],
            "school_code": identity["school_code"],
            "division_code": identity["division_code"],
            "county": identity["county"],
            "affiliation": identity["affiliation"],
            "year": year,
            "land_area": land_area,
            "building_area": building_area,
            "books": books,
            "contact": identity["contact"],
            "phone": None,
        },
        "enrollment": [
            _enrollment_row(code, name, model_major, counts)
            for code, name, model_major, counts_2021, counts_2022 in _MAJORS[key]
            if (counts := counts_2021 if year == 2021 else counts_2022) is not None
        ],
        "teachers": dict(zip(_TEACHER_KEYS, _TEACHERS[year][key], strict=True)),
        "employment": dict(zip(_EMPLOYMENT_KEYS, _EMPLOYMENT[year][key], strict=True)),
        "funding": dict(zip(_FUNDING_KEYS, _FUNDING[year][key], strict=True)),
        "satisfaction": [
            {
                "respondent": respondent,
                "item": item,
                "samples": samples,
                "very_satisfied": very_satisfied,
                "satisfied": satisfied,
                "dissatisfied": dissatisfied,
                "rate": rate,
            }
            for respondent, item, samples, very_satisfied, satisfied, dissatisfied, rate in (
                _SURVEYS[year][key]
            )
        ],
        "awards": [
            {
                "level": level,
                "event": event,
                "students": students,
                "advisors": advisors,
                "prize": prize,
            }
            for level, event, students, advisors, prize in _AWARDS[year].get(key, ())
        ],
        "services": dict(zip(_SERVICE_KEYS, _SERVICES[year][key], strict=True)),
        "notes": copy.deepcopy(_NOTES[year].get(key, {})),
    }


def _enrollment_row(code: str, name: str, model_major: str, counts: GradeCounts) -> SchoolData:
    new_students, grade_1, grade_2, grade_3, graduates = counts
    return {
        "code": code,
        "name": name,
        "new_students": new_students,
        "grade_1": grade_1,
        "grade_2": grade_2,
        "grade_3": grade_3,
        "students": grade_1 + grade_2 + grade_3,
        "graduates": graduates,
        "model_major": model_major,
    }


def _major(data: SchoolData, code: str) -> dict[str, Any]:
    return next(row for row in data["enrollment"] if row["code"] == code)


def _survey(data: SchoolData, respondent: str, item: str) -> dict[str, Any]:
    return next(
        row
        for row in data["satisfaction"]
        if row["respondent"] == respondent and row["item"] == item
    )
