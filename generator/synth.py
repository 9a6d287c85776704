"""Deterministic synthetic records for a whole district, in the records/ layout.

Used for the shipped example (花都区, scale "example") and for benchmark data (scale
"district": 200k targets). Everything comes from one seeded `random.Random`, so the same seed
gives byte-identical files. All people, businesses, phone numbers and credit codes are
fictional (codes are well-formed with correct check characters, nothing more).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import chinese_calendar

from generator import yamlio
from generator.uscc import ALPHABET, make_code

Scale = Literal["example", "district"]

DISTRICT = {"name": "花都区", "code": "440114"}
CITY_PREFIX = "广州市花都区"
# Made-up but consistent 9-digit codes (440114 + 001..010), not the official township codes.
REGIONS: list[tuple[str, str, str, str]] = [
    # code, name, short name (used in names), office suffix
    ("440114001", "新华街道", "新华", "XH"),
    ("440114002", "新雅街道", "新雅", "XY"),
    ("440114003", "秀全街道", "秀全", "XQ"),
    ("440114004", "花城街道", "花城", "HC"),
    ("440114005", "狮岭镇", "狮岭", "SL"),
    ("440114006", "花山镇", "花山", "HS"),
    ("440114007", "花东镇", "花东", "HD"),
    ("440114008", "炭步镇", "炭步", "TB"),
    ("440114009", "赤坭镇", "赤坭", "CN"),
    ("440114010", "梯面镇", "梯面", "TM"),
]

SCHEMA_FILES = {
    "config": "config.schema.json",
    "department": "department.schema.json",
    "item": "editor/item-list.schema.json",
    "target": "editor/target-list.schema.json",
    "inspector": "editor/inspector-list.schema.json",
    "rules": "rules.schema.json",
    "plan": "plan.schema.json",
    "calendar": "calendar.schema.json",
}

CALENDAR_SOURCES = {
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


class Writer:
    """Writes records under `root`, each YAML file starting with its schema modeline."""

    def __init__(self, root: Path, schemas_dir: Path) -> None:
        self.root = root
        self.schemas_dir = schemas_dir
        self.files = 0

    def modeline(self, kind: str, path: Path) -> str:
        schema = self.schemas_dir / SCHEMA_FILES[kind]
        rel = Path(os.path.relpath(schema, path.parent)).as_posix()
        return f"# yaml-language-server: $schema={rel}\n"

    def yaml(self, rel_path: str, kind: str, data: Any) -> None:
        path = self.root / rel_path
        self._write(path, self.modeline(kind, path) + yamlio.dump(data))

    def markdown(self, rel_path: str, kind: str, front: dict[str, Any], body: str) -> None:
        path = self.root / rel_path
        text = f"---\n{self.modeline(kind, path)}{yamlio.dump(front)}---\n\n{body.strip()}\n"
        self._write(path, text)

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files += 1


def _find_schemas_dir(out_dir: Path) -> Path:
    """The repository's schemas/ above out_dir; else the sibling of out_dir (records/ layout)."""
    here = out_dir.resolve()
    for candidate in (here, *here.parents):
        if (candidate / "schemas" / "common.schema.json").is_file():
            return candidate / "schemas"
    return here.parent / "schemas"


# ---------------------------------------------------------------------------------------------
# Departments, items and their legal bases (real names and articles; 2017-era departments as
# named in 花府办函〔2017〕104号).


@dataclass(frozen=True)
class Dept:
    id: str
    name: str
    short_name: str
    office: str  # name of its single office, empty for SCJG (one per town) and the legal office
    expertise: tuple[str, ...] = ()
    is_legal_office: bool = False


EXAMPLE_DEPTS = [
    Dept(
        "SCJG",
        "广州市花都区市场监督管理局",
        "区市场监管局",
        "",
        (
            "企业信息公示",
            "登记注册",
            "产品质量",
            "广告监管",
            "计量",
            "特种设备",
            "价格监督",
            "网络交易",
        ),
    ),
    Dept(
        "SPYP",
        "广州市花都区食品药品监督管理局",
        "区食品药品监管局",
        "区食品药品稽查大队",
        ("食品生产", "食品流通", "餐饮服务", "药品流通", "医疗器械", "化妆品"),
    ),
    Dept(
        "WGXJ",
        "广州市花都区文化广电新闻出版局",
        "区文广新局",
        "区文化市场综合执法大队",
        ("娱乐场所", "网吧", "演出市场", "印刷出版", "广播电视"),
    ),
    Dept(
        "JTJ",
        "广州市花都区交通运输局",
        "区交通局",
        "区交通运输执法大队",
        ("道路客运", "道路货运", "机动车维修", "驾驶员培训", "危险货物运输"),
    ),
    Dept(
        "AJJ",
        "广州市花都区安全生产监督管理局",
        "区安监局",
        "区安全生产执法监察大队",
        ("危险化学品", "工贸行业", "烟花爆竹", "职业卫生", "应急管理"),
    ),
    Dept(
        "GAFJ",
        "广州市公安局花都区分局",
        "公安分局",
        "花都区分局治安管理大队",
        ("旅馆业治安", "特种行业", "娱乐场所治安", "危爆物品", "保安服务"),
    ),
    Dept("FZB", "广州市花都区人民政府法制办公室", "区法制办", "", ("法制审核",), True),
]

# (category, name, target_type, level, methods, [(law, article)], content, remarks)
ItemSpec = tuple[str, str, str, str, list[str], list[tuple[str, str]], str, str]

FIELD, WRITTEN, NET, LAB, AGENCY, ADOPT = (
    "实地检查",
    "书面检查",
    "网络监测",
    "检验检测",
    "委托专业机构",
    "采信其他部门检查结果",
)
GEN, KEY = "一般检查事项", "重点检查事项"

EXAMPLE_ITEMS: dict[str, list[ItemSpec]] = {
    "SCJG": [
        (
            "企业信息公示检查",
            "企业公示信息的抽查",
            "企业",
            GEN,
            [WRITTEN, FIELD, NET],
            [("《企业信息公示暂行条例》", "第十四条")],
            "企业年度报告公示信息、即时公示信息的真实性、及时性。",
            "",
        ),
        (
            "企业信息公示检查",
            "个体工商户年度报告信息的抽查",
            "个体工商户",
            GEN,
            [WRITTEN, FIELD],
            [("《中华人民共和国市场主体登记管理条例》", "第三十五条")],
            "个体工商户年度报告信息的真实性。",
            "",
        ),
        (
            "企业信息公示检查",
            "农民专业合作社年度报告信息的抽查",
            "农民专业合作社",
            GEN,
            [WRITTEN, FIELD],
            [("《中华人民共和国市场主体登记管理条例》", "第三十五条")],
            "农民专业合作社年度报告信息的真实性。",
            "",
        ),
        (
            "登记事项检查",
            "市场主体登记事项的检查",
            "企业、个体工商户、农民专业合作社",
            GEN,
            [FIELD, WRITTEN],
            [("《中华人民共和国市场主体登记管理条例》", "第三十八条")],
            "名称、住所（经营场所）、经营范围、注册资本等登记事项与实际情况是否一致。",
            "",
        ),
        (
            "产品质量监督检查",
            "生产领域产品质量的监督抽查",
            "产品生产企业",
            KEY,
            [LAB, FIELD],
            [("《中华人民共和国产品质量法》", "第十五条")],
            "按年度监督抽查计划抽取样品检验，检查企业质量管理制度。",
            "抽样检验由承检机构实施",
        ),
        (
            "广告监督检查",
            "广告发布行为的检查",
            "广告主、广告经营者、广告发布者",
            GEN,
            [NET, FIELD],
            [("《中华人民共和国广告法》", "第四十九条")],
            "广告内容是否真实合法，广告发布登记与档案管理情况。",
            "",
        ),
        (
            "计量监督检查",
            "计量器具使用情况的检查",
            "集贸市场、加油站、眼镜店等计量器具使用者",
            GEN,
            [FIELD, LAB],
            [("《中华人民共和国计量法》", "第十八条")],
            "强制检定计量器具的登记、检定及使用情况。",
            "",
        ),
        (
            "特种设备安全监督检查",
            "特种设备使用单位的监督检查",
            "特种设备使用单位",
            KEY,
            [FIELD],
            [("《中华人民共和国特种设备安全法》", "第五十七条")],
            "特种设备使用登记、定期检验、作业人员持证及安全管理制度落实情况。",
            "",
        ),
        (
            "价格监督检查",
            "经营者明码标价和收费行为的检查",
            "经营者",
            GEN,
            [FIELD, NET],
            [("《中华人民共和国价格法》", "第三十四条")],
            "明码标价执行情况、价格欺诈行为。",
            "",
        ),
        (
            "商标监督检查",
            "商标使用行为的检查",
            "企业、个体工商户",
            GEN,
            [FIELD],
            [("《中华人民共和国商标法》", "第六十二条")],
            "注册商标使用是否规范、有无侵权行为。",
            "",
        ),
        (
            "网络交易监督检查",
            "网络交易经营者的检查",
            "网络交易经营者",
            GEN,
            [NET, WRITTEN],
            [("《中华人民共和国电子商务法》", "第十五条")],
            "网络经营者亮照亮证、经营信息公示情况。",
            "",
        ),
        (
            "消费者权益保护检查",
            "经营者提供商品和服务的抽查检验",
            "经营者",
            GEN,
            [FIELD, LAB],
            [("《中华人民共和国消费者权益保护法》", "第三十三条")],
            "商品和服务质量、消费者权益保护制度落实情况。",
            "",
        ),
    ],
    "SPYP": [
        (
            "食品安全监督检查",
            "食品生产者的检查",
            "食品生产企业",
            KEY,
            [FIELD, LAB],
            [("《中华人民共和国食品安全法》", "第一百一十条")],
            "生产环境条件、进货查验、生产过程控制、出厂检验、不合格品处置。",
            "",
        ),
        (
            "食品安全监督检查",
            "食品经营者的检查",
            "食品销售者",
            GEN,
            [FIELD, LAB],
            [("《中华人民共和国食品安全法》", "第一百一十条")],
            "经营许可、进货查验记录、食品贮存、标签标识。",
            "",
        ),
        (
            "食品安全监督检查",
            "餐饮服务提供者的检查",
            "餐饮服务提供者",
            KEY,
            [FIELD, LAB],
            [("《中华人民共和国食品安全法》", "第一百一十条")],
            "许可管理、从业人员健康管理、原料控制、加工制作过程、餐饮具清洗消毒。",
            "",
        ),
        (
            "食品安全监督检查",
            "网络餐饮服务第三方平台及入网餐饮服务提供者的检查",
            "入网餐饮服务提供者",
            GEN,
            [NET, FIELD],
            [
                ("《中华人民共和国食品安全法》", "第六十二条"),
                ("《中华人民共和国食品安全法》", "第一百一十条"),
            ],
            "入网经营者资质审查、信息公示、送餐过程食品安全。",
            "",
        ),
        (
            "食品安全监督检查",
            "保健食品生产经营者的检查",
            "保健食品生产经营者",
            KEY,
            [FIELD, LAB],
            [("《中华人民共和国食品安全法》", "第一百一十条")],
            "保健食品注册备案、标签说明书、广告宣传。",
            "",
        ),
        (
            "食品安全监督检查",
            "食品添加剂生产者的检查",
            "食品添加剂生产企业",
            GEN,
            [FIELD, LAB],
            [("《中华人民共和国食品安全法》", "第一百一十条")],
            "生产许可、原料使用、出厂检验记录。",
            "",
        ),
        (
            "药品监督检查",
            "药品零售企业的检查",
            "药品零售企业",
            KEY,
            [FIELD],
            [("《中华人民共和国药品管理法》", "第九十九条")],
            "执业药师在岗、处方药销售、药品储存养护、购销记录。",
            "",
        ),
        (
            "药品监督检查",
            "药品批发企业的检查",
            "药品批发企业",
            KEY,
            [FIELD],
            [("《中华人民共和国药品管理法》", "第九十九条")],
            "药品经营质量管理规范执行情况。",
            "",
        ),
        (
            "医疗器械监督检查",
            "医疗器械经营企业的检查",
            "医疗器械经营企业",
            GEN,
            [FIELD],
            [("《医疗器械监督管理条例》", "第七十条")],
            "经营许可备案、进货查验、贮存条件、销售记录。",
            "",
        ),
        (
            "化妆品监督检查",
            "化妆品生产企业的检查",
            "化妆品生产企业",
            KEY,
            [FIELD, LAB],
            [("《化妆品监督管理条例》", "第四十六条")],
            "生产许可、原料管理、生产质量管理规范执行、产品标签。",
            "",
        ),
        (
            "化妆品监督检查",
            "化妆品经营者的检查",
            "化妆品经营者",
            GEN,
            [FIELD, LAB],
            [("《化妆品监督管理条例》", "第四十六条")],
            "进货查验记录、产品标签、贮存条件。",
            "",
        ),
    ],
    "WGXJ": [
        (
            "文化市场监督检查",
            "歌舞娱乐场所的检查",
            "歌舞娱乐场所",
            KEY,
            [FIELD],
            [("《娱乐场所管理条例》", "第四章 监督管理")],
            "经营许可、曲目内容、营业时间、未成年人保护、巡查制度落实。",
            "",
        ),
        (
            "文化市场监督检查",
            "游艺娱乐场所的检查",
            "游艺娱乐场所",
            GEN,
            [FIELD],
            [("《娱乐场所管理条例》", "第四章 监督管理")],
            "游戏游艺设备内容、经营许可。",
            "",
        ),
        (
            "文化市场监督检查",
            "互联网上网服务营业场所的检查",
            "互联网上网服务营业场所",
            KEY,
            [FIELD, NET],
            [("《互联网上网服务营业场所管理条例》", "第四条")],
            "接纳未成年人、实名登记、营业时间、经营许可。",
            "",
        ),
        (
            "文化市场监督检查",
            "营业性演出的检查",
            "演出经纪机构、演出场所经营单位",
            GEN,
            [FIELD],
            [("《营业性演出管理条例》", "第四章 监督管理")],
            "演出审批、演出内容。",
            "",
        ),
        (
            "出版物市场监督检查",
            "印刷企业的检查",
            "印刷企业",
            GEN,
            [FIELD, WRITTEN],
            [("《印刷业管理条例》", "第三章 出版物的印刷")],
            "承印验证、登记、保存、交付、销毁制度执行情况。",
            "",
        ),
        (
            "出版物市场监督检查",
            "出版物发行单位的检查",
            "出版物零售单位",
            GEN,
            [FIELD],
            [("《出版管理条例》", "第五章 出版物的发行")],
            "经营许可、非法出版物。",
            "",
        ),
        (
            "广播电视监督检查",
            "卫星电视广播地面接收设施的检查",
            "宾馆、酒店等安装单位",
            GEN,
            [FIELD],
            [("《卫星电视广播地面接收设施管理规定》", "第八条")],
            "卫星电视广播地面接收设施安装许可和使用情况。",
            "",
        ),
        (
            "文化市场监督检查",
            "艺术品经营单位的检查",
            "艺术品经营单位",
            GEN,
            [FIELD],
            [("《艺术品经营管理办法》", "第四章 监督管理")],
            "备案情况、经营行为。",
            "",
        ),
    ],
    "JTJ": [
        (
            "道路运输监督检查",
            "道路旅客运输经营者的检查",
            "道路旅客运输经营者",
            KEY,
            [FIELD, WRITTEN],
            [("《中华人民共和国道路运输条例》", "第五章 执法监督")],
            "经营许可、车辆技术状况、驾驶员从业资格、安全生产管理。",
            "",
        ),
        (
            "道路运输监督检查",
            "道路普通货物运输经营者的检查",
            "道路货物运输经营者",
            GEN,
            [FIELD, WRITTEN],
            [("《中华人民共和国道路运输条例》", "第五章 执法监督")],
            "经营许可、车辆年审、驾驶员从业资格。",
            "",
        ),
        (
            "道路运输监督检查",
            "道路危险货物运输企业的检查",
            "道路危险货物运输企业",
            KEY,
            [FIELD],
            [("《道路危险货物运输管理规定》", "第五章 监督检查")],
            "专用车辆、从业人员资格、安全管理制度、动态监控。",
            "",
        ),
        (
            "道路运输监督检查",
            "机动车维修经营者的检查",
            "机动车维修经营者",
            GEN,
            [FIELD],
            [("《机动车维修管理规定》", "第五章 监督检查")],
            "备案、维修质量保证、维修档案、配件管理。",
            "",
        ),
        (
            "道路运输监督检查",
            "机动车驾驶员培训机构的检查",
            "机动车驾驶员培训机构",
            GEN,
            [FIELD, WRITTEN],
            [("《机动车驾驶员培训管理规定》", "第五章 监督检查")],
            "备案、教学车辆、教练员、培训记录。",
            "",
        ),
        (
            "道路运输监督检查",
            "巡游出租汽车经营者的检查",
            "巡游出租汽车经营者",
            GEN,
            [FIELD, WRITTEN],
            [("《巡游出租汽车经营服务管理规定》", "第五章 监督检查")],
            "经营许可、车辆和驾驶员管理、服务质量。",
            "",
        ),
        (
            "道路运输监督检查",
            "道路客运站（场）经营者的检查",
            "客运站经营者",
            GEN,
            [FIELD],
            [("《道路旅客运输及客运站管理规定》", "第五章 监督检查")],
            "三不进站、六不出站制度落实、安全检查。",
            "",
        ),
        (
            "道路运输监督检查",
            "道路货物运输站（场）经营者的检查",
            "货运站经营者",
            GEN,
            [FIELD],
            [("《道路货物运输及站场管理规定》", "第四章 监督检查")],
            "备案、装载管理、安全管理。",
            "",
        ),
    ],
    "AJJ": [
        (
            "安全生产监督检查",
            "生产经营单位安全生产的检查",
            "生产经营单位",
            KEY,
            [FIELD],
            [("《中华人民共和国安全生产法》", "第六十五条")],
            "安全生产责任制、安全管理机构人员、教育培训、隐患排查治理。",
            "",
        ),
        (
            "危险化学品监督检查",
            "危险化学品经营单位的检查",
            "危险化学品经营单位",
            KEY,
            [FIELD],
            [("《危险化学品安全管理条例》", "第七条")],
            "经营许可、储存条件、销售记录。",
            "",
        ),
        (
            "危险化学品监督检查",
            "危险化学品使用单位的检查",
            "危险化学品使用单位",
            KEY,
            [FIELD],
            [("《危险化学品安全管理条例》", "第七条")],
            "储存场所、安全技术说明书、应急预案。",
            "",
        ),
        (
            "烟花爆竹监督检查",
            "烟花爆竹经营单位的检查",
            "烟花爆竹零售经营单位",
            KEY,
            [FIELD],
            [("《烟花爆竹安全管理条例》", "第二十二条")],
            "经营许可、储存数量、防火措施。",
            "春节前集中检查",
        ),
        (
            "工贸行业监督检查",
            "工贸企业粉尘防爆安全的检查",
            "涉爆粉尘工贸企业",
            KEY,
            [FIELD],
            [("《工贸企业粉尘防爆安全规定》", "第四章 监督检查")],
            "除尘系统、粉尘清扫制度、防火防爆措施。",
            "",
        ),
        (
            "工贸行业监督检查",
            "工贸企业有限空间作业安全的检查",
            "有限空间作业工贸企业",
            GEN,
            [FIELD],
            [("《中华人民共和国安全生产法》", "第六十五条")],
            "有限空间辨识、作业审批、通风检测、应急救援装备。",
            "",
        ),
        (
            "安全生产监督检查",
            "生产安全事故应急预案的检查",
            "生产经营单位",
            GEN,
            [WRITTEN, FIELD],
            [("《生产安全事故应急预案管理办法》", "第五章 监督管理")],
            "应急预案编制、评审、备案、演练。",
            "",
        ),
        (
            "安全生产监督检查",
            "生产经营单位安全培训的检查",
            "生产经营单位",
            GEN,
            [WRITTEN, FIELD],
            [("《生产经营单位安全培训规定》", "第五章 监督管理")],
            "主要负责人、安全管理人员、特种作业人员培训考核。",
            "",
        ),
    ],
    "GAFJ": [
        (
            "治安管理检查",
            "旅馆业治安管理的检查",
            "旅馆",
            GEN,
            [FIELD],
            [("《旅馆业治安管理办法》", "第十二条")],
            "旅客住宿登记、访客管理、治安保卫制度。",
            "",
        ),
        (
            "治安管理检查",
            "公章刻制业的检查",
            "公章刻制企业",
            GEN,
            [FIELD],
            [("《印铸刻字业暂行管理规则》", "第六条")],
            "承接公章刻制登记、备案情况。",
            "",
        ),
        (
            "治安管理检查",
            "娱乐场所治安管理的检查",
            "娱乐场所",
            KEY,
            [FIELD],
            [("《娱乐场所管理条例》", "第四章 监督管理")],
            "安全技术防范设施、从业人员登记、禁毒、禁赌、禁黄。",
            "",
        ),
        (
            "治安管理检查",
            "废旧金属收购业的检查",
            "废旧金属收购企业和个体工商户",
            GEN,
            [FIELD],
            [("《废旧金属收购业治安管理办法》", "第七条")],
            "收购登记、禁止收购物品。",
            "",
        ),
        (
            "治安管理检查",
            "机动车修理业治安管理的检查",
            "机动车修理企业和个体工商户",
            GEN,
            [FIELD],
            [("《机动车修理业、报废机动车回收业治安管理办法》", "第十条")],
            "承修登记、可疑车辆报告。",
            "",
        ),
        (
            "治安管理检查",
            "保安服务公司的检查",
            "保安服务公司",
            GEN,
            [FIELD, WRITTEN],
            [("《保安服务管理条例》", "第五章 监督管理")],
            "保安员资格、服务合同、武器装备管理。",
            "",
        ),
        (
            "危爆物品管理检查",
            "易制毒化学品经营单位的检查",
            "易制毒化学品经营单位",
            KEY,
            [FIELD],
            [("《易制毒化学品管理条例》", "第三十二条")],
            "备案、购销台账、储存管理。",
            "",
        ),
        (
            "消防监督检查",
            "派出所日常消防监督检查",
            "小型生产经营场所",
            GEN,
            [FIELD],
            [("《中华人民共和国消防法》", "第五十三条")],
            "消防设施器材、疏散通道、消防安全制度。",
            "由公安派出所实施",
        ),
    ],
}

# Extra departments for the district scale (plausible names; items are synthetic).
EXTRA_DEPTS: list[tuple[str, str, str, str, str]] = [
    # id, name, short name, field, law
    ("WJJ", "区卫生健康局", "区卫健局", "公共场所卫生", "《公共场所卫生管理条例》"),
    ("HBJ", "区生态环境分局", "区环保分局", "排污单位", "《中华人民共和国环境保护法》"),
    ("ZJJ", "区住房和城乡建设局", "区住建局", "建筑施工企业", "《建设工程质量管理条例》"),
    ("SWJ", "区水务局", "区水务局", "取水用水单位", "《中华人民共和国水法》"),
    ("NYJ", "区农业农村局", "区农业局", "农药经营单位", "《农药管理条例》"),
    ("JYJ", "区教育局", "区教育局", "民办培训机构", "《中华人民共和国民办教育促进法》"),
    ("RSJ", "区人力资源和社会保障局", "区人社局", "用人单位", "《劳动保障监察条例》"),
    (
        "CGJ",
        "区城市管理和综合执法局",
        "区城管局",
        "户外广告设置单位",
        "《城市市容和环境卫生管理条例》",
    ),
    (
        "SWUJ",
        "区商务局",
        "区商务局",
        "单用途预付卡发卡企业",
        "《单用途商业预付卡管理办法（试行）》",
    ),
    ("MZJ", "区民政局", "区民政局", "养老机构", "《养老机构管理办法》"),
    ("YCJ", "区烟草专卖局", "区烟草局", "烟草制品零售户", "《中华人民共和国烟草专卖法》"),
    ("YZJ", "区邮政管理局", "区邮政局", "快递企业", "《快递暂行条例》"),
    ("QXJ", "区气象局", "区气象局", "防雷装置使用单位", "《中华人民共和国气象法》"),
    ("XFJ", "区消防救援大队", "区消防大队", "消防安全重点单位", "《中华人民共和国消防法》"),
    ("ZRJ", "区规划和自然资源局", "区自然资源局", "采矿权人", "《中华人民共和国矿产资源法》"),
    ("TJJ", "区统计局", "区统计局", "统计调查对象", "《中华人民共和国统计法》"),
    ("FGJ", "区发展和改革局", "区发改局", "成品油零售企业", "《中华人民共和国价格法》"),
    (
        "GXJ",
        "区工业和信息化局",
        "区工信局",
        "无线电设备使用单位",
        "《中华人民共和国无线电管理条例》",
    ),
    ("YBJ", "区医疗保障局", "区医保局", "定点医药机构", "《医疗保障基金使用监督管理条例》"),
    ("LYJ", "区林业和园林局", "区林业局", "木材经营加工单位", "《中华人民共和国森林法》"),
    ("SFJ", "区档案局", "区档案局", "档案服务企业", "《中华人民共和国档案法》"),
    ("TYJ", "区文化广电旅游体育局", "区文旅体局", "高危险性体育项目经营者", "《全民健身条例》"),
    ("SJJ", "区审计局", "区审计局", "政府投资项目建设单位", "《中华人民共和国审计法》"),
]

EXTRA_ASPECTS = [
    "资质条件",
    "经营行为",
    "安全管理制度落实情况",
    "从业人员资格",
    "台账记录",
    "信息公示",
    "设施设备",
    "应急管理",
    "质量管理",
    "广告宣传",
    "收费行为",
    "档案管理",
    "培训教育",
    "环境卫生",
    "整改落实情况",
]

# ---------------------------------------------------------------------------------------------
# Names (fictional: surname + one or two given-name characters drawn at random).

SURNAMES = (
    "陈李黄张梁刘林何罗吴郑谢王杨冯邓曾周徐朱钟叶苏卢蔡潘彭余谭赖温邱江汤骆毕麦欧区植汪胡高袁许"
)
MALE_GIVEN = "志伟建国明华俊杰文海浩宇泽健辉荣振永家坤斌鹏亮勇军涛强峰锋栋德添富宏"
FEMALE_GIVEN = "丽敏静婷芳燕玲嘉欣颖思梓倩雪红霞秀美佩慧琳晓诗雅碧月凤翠淑"
TRADE_CHARS = (
    "鑫盛华顺隆裕兴达祥和丰源宏泰嘉富汇信诚安佳美锦悦凯瑞骏恒通利昌荣福永金新合"
    "众益航骐越卓晟创煌铭润粤雅骏弘坤乐广汇辰尚禾"
)
ROAD_CHARS = "新华宝迎宾凤凰公益天贵龙珠建设商业前进茶园云山平步大华秀全田美岭南东风合成"
ROAD_KINDS = ("路", "大道", "街", "北路", "南路", "东路", "西路")


def person_name(rng: random.Random, female: bool | None = None) -> str:
    if female is None:
        female = rng.random() < 0.45
    pool = FEMALE_GIVEN if female else MALE_GIVEN
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17", "19")) + f"{rng.randrange(10**9):09d}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random, female: bool) -> str:
    """A well-formed (fictional) resident ID with the district prefix and ISO 7064 check."""
    birth = date(1966, 1, 1) + timedelta(days=rng.randrange(365 * 33))
    seq = rng.randrange(50) * 2 + (0 if female else 1) + rng.randrange(5) * 100
    body = f"440114{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code(rng: random.Random, new_style: bool) -> str:
    """9-char organisation code with its GB 11714 check digit (MA… since the 2015 reform)."""
    if new_style:
        body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
    else:
        body = f"{rng.randrange(10**7, 10**8)}"
    check = 11 - sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _iso(day: date) -> str:
    return day.isoformat()


def _rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


# ---------------------------------------------------------------------------------------------
# Industry mix: (GB/T 4754 class, weight, company name core, individual-business name core)

INDUSTRY_MIX: list[tuple[str, float, str | None, str | None]] = [
    ("H6210", 9, "餐饮管理有限公司", "饭店"),
    ("H6220", 6, "餐饮有限公司", "快餐店"),
    ("H6291", 5, None, "小吃店"),
    ("H6231", 1, "茶业有限公司", "茶馆"),
    ("H6232", 0.8, "咖啡有限公司", "咖啡店"),
    ("H6233", 0.5, "餐饮管理有限公司", "酒吧"),
    ("H6242", 0.6, "网络科技有限公司", None),
    ("F5212", 3, "商业连锁有限公司", "超市"),
    ("F5213", 4, "便利店有限公司", "便利店"),
    ("F5221", 2, "粮油贸易有限公司", "粮油店"),
    ("F5223", 3, "农产品有限公司", "水果店"),
    ("F5224", 3, "食品有限公司", "肉菜档"),
    ("F5226", 2, "酒业有限公司", "烟酒茶行"),
    ("F5232", 5, "服饰有限公司", "服装店"),
    ("F5234", 2, "化妆品有限公司", "化妆品店"),
    ("F5237", 4, "皮具有限公司", "皮具店"),
    ("F5251", 2, "医药有限公司", "药店"),
    ("F5254", 0.8, "医疗器械有限公司", None),
    ("F5265", 0.4, "石油化工有限公司", None),
    ("F5292", 3, "电子商务有限公司", "网店"),
    ("F5274", 1, "通讯器材有限公司", "手机店"),
    ("F5281", 2, "五金有限公司", "五金店"),
    ("F5261", 0.5, "汽车销售服务有限公司", None),
    ("F5124", 1, "农产品贸易有限公司", None),
    ("F5132", 2, "服装贸易有限公司", None),
    ("F5169", 0.8, "化工有限公司", None),
    ("F5174", 1, "五金贸易有限公司", None),
    ("F5199", 3, "贸易有限公司", "商行"),
    ("F5299", 0.6, "商贸有限公司", "杂货店"),
    ("F5191", 0.5, "再生资源回收有限公司", "废品收购站"),
    ("C1411", 1.2, "食品有限公司", "饼屋"),
    ("C1431", 0.8, "食品有限公司", "粉面加工场"),
    ("C1353", 0.4, "肉类食品有限公司", None),
    ("C1392", 0.5, "豆制品有限公司", "豆腐坊"),
    ("C1462", 0.3, "调味食品有限公司", None),
    ("C1522", 0.3, "饮用水有限公司", None),
    ("R9011", 0.8, "娱乐有限公司", None),
    ("R9012", 0.3, "游艺有限公司", None),
    ("R9013", 0.7, "网络服务有限公司", None),
    ("R9019", 0.3, "文化娱乐有限公司", None),
    ("G5431", 3, "物流有限公司", "货运部"),
    ("G5437", 1, "城市配送有限公司", None),
    ("G5435", 0.2, "危险品运输有限公司", None),
    ("G5422", 0.3, "旅游客运有限公司", None),
    ("G5413", 0.3, "出租汽车有限公司", None),
    ("G5920", 1.5, "仓储有限公司", None),
    ("G5930", 0.4, "冷链仓储有限公司", None),
    ("G5942", 0.1, "危险化学品仓储有限公司", None),
    ("G6020", 0.6, "快递有限公司", None),
    ("H6110", 0.3, "酒店有限公司", None),
    ("H6121", 0.6, "酒店管理有限公司", None),
    ("H6129", 1.2, "旅业有限公司", "旅店"),
    ("H6130", 0.3, None, "民宿"),
    ("C1922", 6, "皮具有限公司", "皮具加工厂"),
    ("C1929", 1, "皮革制品有限公司", None),
    ("C3670", 3, "汽车零部件有限公司", None),
    ("C2319", 1, "印刷有限公司", "印刷店"),
    ("C2926", 1, "塑料制品有限公司", None),
    ("C2641", 0.4, "涂料有限公司", None),
    ("C2682", 1.5, "化妆品有限公司", None),
    ("C2681", 0.3, "日化有限公司", None),
    ("C3312", 1, "门窗有限公司", "铝合金门窗店"),
    ("C2110", 1, "家具有限公司", None),
    ("C3872", 0.8, "照明科技有限公司", None),
    ("C3360", 0.3, "金属表面处理有限公司", None),
    ("E4790", 1, "建筑工程有限公司", None),
    ("E5012", 1.5, "装饰工程有限公司", None),
    ("O8040", 4, "美容美发有限公司", "理发店"),
    ("O8111", 3, "汽车维修服务有限公司", "汽车维修店"),
    ("O8052", 1, "足浴有限公司", "足浴店"),
    ("L7291", 0.4, "国际旅行社有限公司", None),
    ("L7259", 1, "广告有限公司", "广告部"),
    ("L7271", 0.2, "保安服务有限公司", None),
    ("I6513", 1, "信息科技有限公司", None),
    ("K7020", 0.6, "物业管理有限公司", None),
    ("P8393", 0.5, "文化艺术培训有限公司", None),
    ("P8391", 0.3, "职业技能培训有限公司", None),
]
COOP_INDUSTRIES = [
    ("A0141", "蔬菜专业合作社"),
    ("A0143", "花卉专业合作社"),
    ("A0154", "水果专业合作社"),
    ("A0412", "水产养殖专业合作社"),
]
COMPANY_TYPES = [
    ("有限责任公司", 84),
    ("股份有限公司", 2),
    ("个人独资企业", 5),
    ("合伙企业", 2),
    ("分支机构", 5),
    ("外商投资企业", 2),
]
ABNORMAL_REASONS = [
    "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
    "通过登记的住所或者经营场所无法联系",
    "公示信息隐瞒真实情况、弄虚作假",
]
SERIOUS_REASON = "被列入经营异常名录届满3年仍未履行相关义务"


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    depts: list[Dept]
    offices: list[dict[str, Any]] = field(default_factory=list)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    values = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(values, weights)[0]


# ---------------------------------------------------------------------------------------------
# Builders


def _departments(ctx: Context) -> list[Dept]:
    depts = list(EXAMPLE_DEPTS)
    if ctx.scale == "district":
        for dept_id, name, short, fld, _law in EXTRA_DEPTS:
            depts.append(Dept(dept_id, f"广州市花都{name[1:]}", short, f"{short}执法队", (fld,)))
    return depts


def _department_record(ctx: Context, dept: Dept) -> dict[str, Any]:
    rng = ctx.rng
    roles = ["科室负责人", "法制审核员", "业务骨干"]
    reviewers = []
    for n in range(rng.choice((2, 3))):
        name = person_name(rng)
        reviewers.append(
            {
                "name": name,
                "github": f"{dept.id.lower()}-reviewer-{n + 1}-example",
                "role": "法制审核员" if dept.is_legal_office else roles[n],
            }
        )
    return {
        "id": dept.id,
        "name": dept.name,
        "short_name": dept.short_name,
        "is_legal_office": dept.is_legal_office,
        "reviewers": reviewers,
        # the platform team that reviews the department's files (CODEOWNERS); invented
        "code_owners": [f"@example/{dept.id.lower()}-reviewers"],
        "office_phone": f"020-{rng.randrange(3690, 3699)}{rng.randrange(10000):04d}",
    }


def _offices(ctx: Context) -> list[dict[str, Any]]:
    all_regions = [r[0] for r in REGIONS]
    offices = [
        {
            "id": f"SCJG-{suffix}",
            "name": f"{short}市场监管所",
            "department": "SCJG",
            "regions": [code],
        }
        for code, _name, short, suffix in REGIONS
    ]
    for dept in ctx.depts:
        if dept.office:
            offices.append(
                {
                    "id": f"{dept.id}-ZD",
                    "name": dept.office,
                    "department": dept.id,
                    "regions": all_regions,
                }
            )
    return offices


def _items(ctx: Context, legal: str) -> dict[str, list[dict[str, Any]]]:
    rng = ctx.rng
    result: dict[str, list[dict[str, Any]]] = {}
    review_day = date(2025, 12, 10)
    specs: dict[str, list[ItemSpec]] = dict(EXAMPLE_ITEMS)
    if ctx.scale == "district":
        for dept_id, _name, _short, fld, law in EXTRA_DEPTS:
            specs[dept_id] = [
                (
                    f"{fld}监督检查",
                    f"{fld}{aspect}的检查",
                    fld,
                    KEY if n % 4 == 0 else GEN,
                    [FIELD, WRITTEN],
                    [(law, "监督检查有关条款")],
                    f"{fld}{aspect}是否符合法律法规规定。",
                    "基准测试用合成事项",
                )
                for n, aspect in enumerate(EXTRA_ASPECTS)
            ]
    for dept_id, item_specs in specs.items():
        records = []
        for n, (cat, name, ttype, level, methods, bases, content, remarks) in enumerate(
            item_specs, 1
        ):
            pending = n == len(item_specs) and dept_id in ("SCJG", "JTJ")
            review: dict[str, Any] = {
                "status": "待审核" if pending else "已审核",
                "reviewer": legal,
            }
            if not pending:
                review["date"] = _iso(review_day - timedelta(days=rng.randrange(40)))
                review["reference"] = f"花法审〔2025〕{rng.randrange(10, 99)}号"
            records.append(
                {
                    "id": f"{dept_id}-{n:03d}",
                    "department": dept_id,
                    "category": cat,
                    "name": name,
                    "target_type": ttype,
                    "level": level,
                    "methods": list(methods),
                    "legal_basis": [{"law": law, "article": art} for law, art in bases],
                    "content": content,
                    "remarks": remarks,
                    "active": not pending,
                    "legal_review": review,
                }
            )
        result[dept_id] = records
    return result


def _trade_name(rng: random.Random) -> str:
    return rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)


def _targets(ctx: Context, count: int, tick: Callable[[], None]) -> list[dict[str, Any]]:
    rng = ctx.rng
    mix = [(m, m[1]) for m in INDUSTRY_MIX]
    roads = {
        r[0]: [
            rng.choice(ROAD_CHARS) + rng.choice(ROAD_CHARS) + rng.choice(ROAD_KINDS)
            for _ in range(14)
        ]
        for r in REGIONS
    }
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    reform = date(2015, 10, 1)
    today = date(2026, 1, 1)
    targets = []
    for _ in range(count):
        code, _rname, short, suffix = REGIONS[rng.randrange(len(REGIONS))]
        roll = rng.random()
        if roll < 0.012:
            industry, core = rng.choice(COOP_INDUSTRIES)
            entity_type, kind_char = "农民专业合作社", "3"
        else:
            industry, _w, company_core, indiv_core = _weighted(rng, mix)
            individual = indiv_core is not None and (company_core is None or rng.random() < 0.6)
            if individual:
                entity_type, kind_char, core = "个体工商户", "2", indiv_core
            else:
                entity_type, kind_char = _weighted(rng, COMPANY_TYPES), "1"
                core = company_core
        established = _rand_date(rng, date(2003, 1, 1), date(2025, 10, 31))
        while True:
            tn = (
                _trade_name(rng)
                if rng.random() < 0.9
                else _trade_name(rng) + rng.choice(TRADE_CHARS)
            )
            if entity_type in ("个体工商户", "农民专业合作社"):
                name = f"{CITY_PREFIX}{short}{tn}{core}"
            elif entity_type == "分支机构":
                name = f"广州{tn}{core}花都{short}分公司"
            elif entity_type == "股份有限公司":
                name = f"广州{tn}{core.replace('有限公司', '股份有限公司')}"
            elif entity_type in ("个人独资企业", "合伙企业"):
                form = "（个人独资）" if entity_type == "个人独资企业" else "（有限合伙）"
                name = f"{CITY_PREFIX}{tn}{core.removesuffix('有限公司')}{form}"
            else:
                name = f"{rng.choice(('广州', '广州市', CITY_PREFIX))}{tn}{core}"
            if name not in seen_names:
                seen_names.add(name)
                break
        while True:
            uscc = make_code("9", kind_char, DISTRICT["code"], org_code(rng, established >= reform))
            if uscc not in seen_codes:
                seen_codes.add(uscc)
                break
        history = [{"event": "设立", "date": _iso(established)}]
        if rng.random() < 0.05:
            history.append(
                {"event": "迁入", "date": _iso(_rand_date(rng, established, date(2025, 11, 30)))}
            )
        roll = rng.random()
        status = "存续"
        if roll < 0.08:
            status = _weighted(rng, [("注销", 4), ("吊销", 2), ("迁出", 2)])
            event_day = _rand_date(rng, date.fromisoformat(history[-1]["date"]), today)
            history.append({"event": status, "date": _iso(event_day)})
        lists = []
        roll = rng.random()
        earliest = established + timedelta(days=400)  # listed after a missed annual report
        if roll < 0.04 and earliest < today:
            since = _rand_date(rng, earliest, today)
            if since < today:
                lists.append(
                    {
                        "list": "经营异常名录",
                        "since": _iso(since),
                        "reason": rng.choice(ABNORMAL_REASONS),
                    }
                )
                if roll < 0.005 and since < date(2022, 12, 31):
                    lists.append(
                        {
                            "list": "严重违法失信名单",
                            "since": _iso(since + timedelta(days=3 * 365 + 30)),
                            "reason": SERIOUS_REASON,
                        }
                    )
        if any(x["list"] == "严重违法失信名单" for x in lists):
            credit = "D"
        elif lists:
            credit = _weighted(rng, [("C", 6), ("D", 4)])
        else:
            credit = _weighted(rng, [("A", 42), ("B", 46.5), ("C", 10), ("D", 1.5)])
        contact: dict[str, Any] = {"phone": mobile(rng)}
        if entity_type != "个体工商户" and rng.random() < 0.4:
            contact["email"] = f"hd{rng.randrange(10**7):07d}@example.com"
        address = f"{CITY_PREFIX}{short}{rng.choice(roads[code])}{rng.randrange(1, 300)}号"
        if rng.random() < 0.4:
            address += rng.choice(
                (
                    "首层",
                    f"{rng.randrange(1, 8)}0{rng.randrange(1, 9)}房",
                    f"{rng.choice('ABCD')}栋{rng.randrange(1, 6)}楼",
                )
            )
        targets.append(
            {
                "uscc": uscc,
                "name": name,
                "address": address,
                "legal_representative": person_name(rng),
                "contact": contact,
                "entity_type": entity_type,
                "industry": industry,
                "region": code,
                "office": f"SCJG-{suffix}",
                "status": status,
                "status_history": history,
                "credit_class": credit,
                "lists": lists,
            }
        )
        tick()
    return targets


TITLES = [
    ("科员", 3),
    ("一级科员", 3),
    ("四级主任科员", 3),
    ("三级主任科员", 2),
    ("二级主任科员", 1),
    ("一级主任科员", 1),
    ("副所长", 1),
    ("所长", 0.5),
]
CONFLICT_REASONS = ["近亲属担任该企业法定代表人", "曾在该企业任职未满三年", "本人持有该企业股份"]


def _inspectors(ctx: Context, per_dept: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    rng = ctx.rng
    scjg_offices = [f"SCJG-{r[3]}" for r in REGIONS]
    cert_seq = 0
    result: dict[str, list[dict[str, Any]]] = {}
    all_people: list[dict[str, Any]] = []
    for d_index, dept in enumerate(ctx.depts):
        people = []
        for n in range(1, per_dept.get(dept.id, 0) + 1):
            cert_seq += 1
            female = rng.random() < 0.4
            if ctx.scale == "district":
                # five years of plans (2022-2026): certificates must cover every task window
                valid_from = _rand_date(rng, date(2018, 1, 1), date(2021, 12, 31))
                until = date(valid_from.year + 10, valid_from.month, 1) - timedelta(days=1)
            else:
                valid_from = _rand_date(rng, date(2023, 1, 1), date(2025, 10, 31))
                until = date(valid_from.year + 5, valid_from.month, 1) - timedelta(days=1)
            office = (
                scjg_offices[(n - 1) % len(scjg_offices)] if dept.id == "SCJG" else f"{dept.id}-ZD"
            )
            expertise = rng.sample(dept.expertise, k=min(len(dept.expertise), rng.choice((1, 2))))
            people.append(
                {
                    "id": f"{dept.id}-P{n:03d}" if n < 1000 else f"{dept.id}-P{n}",
                    "name": person_name(rng, female),
                    "gender": "女" if female else "男",
                    "id_number": id_number(rng, female),
                    "phone": mobile(rng),
                    "title": _weighted(rng, TITLES),
                    "department": dept.id,
                    "certificate": {
                        "number": f"44011401{d_index:02d}{cert_seq:05d}",
                        "valid_from": _iso(valid_from),
                        "valid_until": _iso(until),
                    },
                    "expertise": expertise,
                    "office": office,
                    "expert": rng.random() < 0.07,
                    "active": True,
                    "conflicts": [],
                }
            )
        result[dept.id] = people
        all_people.extend(people)
    if not all_people:
        return result
    # Special cases the draw code must handle: expired / expiring certificates, inactive staff,
    # declared conflicts. Chosen deterministically from the seeded generator.
    picks = rng.sample(all_people, k=min(len(all_people), 10))
    expired, expiring, *rest = picks
    expired["certificate"].update(valid_from="2020-01-01", valid_until="2025-12-31")
    expiring["certificate"].update(valid_from="2021-07-01", valid_until="2026-06-30")
    for person in rest[:3]:
        person["active"] = False
    living = [t for t in ctx.targets if t["status"] == "存续"]
    for person in rest[3:6]:
        if living:
            person["conflicts"].append(
                {"target": rng.choice(living)["uscc"], "reason": rng.choice(CONFLICT_REASONS)}
            )
    return result


RULES_TEMPLATE = (
    "# {name}“双随机、一公开”监管实施细则\n"
    "\n"
    "## 第一章 总则\n"
    "\n"
    "第一条 为规范本部门事中事后监管，全面推行“双随机、一公开”监管，根据《花都区全"
    "面推行“双随机、一公开”监管工作实施方案》（花府办函〔2017〕104号）和上级"
    "业务主管部门的有关规定，结合本部门{field}监管实际，制定本细则。\n"
    "\n"
    "第二条 本细则所称“双随机、一公开”，是指本部门在监管过程中随机抽取检查对象、随"
    "机选派执法检查人员，抽查情况及查处结果及时向社会公开。除处理投诉举报、大数据监测"
    "、转办交办或者法律法规规章及上级部门有特殊要求以外，本部门的监督检查事项均采取“"
    "双随机、一公开”方式实施。\n"
    "\n"
    "## 第二章 一单两库\n"
    "\n"
    "第三条 本部门依据权责清单建立随机抽查事项清单，明确抽查事项、检查对象、检查依据"
    "、检查内容和检查方式。清单经区法制部门审核后公布，并根据法律法规规章的立改废情况"
    "动态调整。法律法规规章没有规定的，一律不得擅自开展检查。\n"
    "\n"
    "第四条 本部门建立检查对象名录库，涵盖{objects}等本部门依法监督检查的全"
    "部对象，并依据市场主体设立、吊销、注销、迁移等情况及时更新。\n"
    "\n"
    "第五条 本部门建立执法检查人员名录库，纳入具有行政执法资格的在编在岗人员，记录姓"
    "名、职务、执法证号、执法领域等信息，并根据人员变动及时调整。\n"
    "\n"
    "## 第三章 抽查实施\n"
    "\n"
    "第六条 本部门每年初编制年度抽查工作计划并公示。计划调整的，在调整当季度最后一周"
    "公示更新后的计划。对信用风险分类为 C 类、D 类或者列入经营异常名录、严重违法"
    "失信名单的检查对象，适当提高抽查比例和频次。\n"
    "\n"
    "第七条 抽取检查对象和选派执法检查人员使用公开可验证的随机方法，抽取前公开承诺随"
    "机种子的来源，抽取结果与计算过程一并存档备查。每个检查对象选派执法检查人员不少于"
    "二名。{extra}\n"
    "\n"
    "第八条 执法检查人员与检查对象有利害关系的，应当主动申报回避；抽取时系统自动排除"
    "已申报回避的人员。\n"
    "\n"
    "## 第四章 结果公开\n"
    "\n"
    "第九条 抽查检查结果自形成之日起二十个工作日内，通过国家企业信用信息公示系统（广"
    "东）和本区公示平台向社会公开。发现违法违规行为的，依法处理并纳入市场主体信用记录"
    "。\n"
    "\n"
    "第十条 本细则由{short}负责解释，自印发之日起施行。\n"
    "\n"
)

RULES_EXTRA = {
    "SCJG": "市场监管所之间实行所所交叉检查，执法检查人员不检查本人属地片区内的检查对象。",
    "SPYP": "涉及餐饮服务的抽查，原则上与区市场监管局联合实施，做到检查一次性完成。",
    "WGXJ": "对歌舞娱乐场所的抽查，原则上会同公安分局联合实施，名单一次性抽取、结果一次性公布。",
    "JTJ": "对道路危险货物运输企业，可邀请相关专业技术人员随队参加检查。",
    "AJJ": "涉及危险化学品、粉尘防爆等专业性较强的检查，可委托专业机构或者邀请专家参与。",
    "GAFJ": "参加联合抽查时，由本部门随机选派的民警负责治安管理相关事项的检查。",
}


def _rules(ctx: Context, dept: Dept) -> tuple[dict[str, Any], str]:
    rng = ctx.rng
    objects = "、".join(dict.fromkeys(i["target_type"] for i in ctx.items.get(dept.id, [])))
    body = RULES_TEMPLATE.format(
        name=dept.name,
        field="、".join(dept.expertise[:3]),
        objects=objects or "检查对象",
        extra=RULES_EXTRA.get(dept.id, ""),
        short=dept.short_name,
    )
    issued = date(2017, 10, 18) + timedelta(days=rng.randrange(3))
    version = 1
    if rng.random() < 0.5:
        issued, version = date(2023, 3, 1) + timedelta(days=rng.randrange(200)), 2
    prefix = REF_PREFIX.get(dept.id, "花" + dept.short_name.removeprefix("区")[:2])
    front = {
        "id": f"{dept.id}-RULES",
        "department": dept.id,
        "title": f"{dept.name}“双随机、一公开”监管实施细则",
        "issued": _iso(issued),
        "reference": f"{prefix}〔{issued.year}〕{rng.randrange(1, 60)}号",
        "version": version,
    }
    return front, body


REF_PREFIX = {
    "SCJG": "花市监",
    "SPYP": "花食药监",
    "WGXJ": "花文广新",
    "JTJ": "花交",
    "AJJ": "花安监",
    "GAFJ": "花公",
}
CREDIT_STRATA = [("A", 0.02), ("B", 0.05), ("C", 0.3), ("D", 1.0)]
COMPANY_ENTITY_TYPES = [
    "有限责任公司",
    "股份有限公司",
    "个人独资企业",
    "合伙企业",
    "外商投资企业",
    "分支机构",
]


def _strata(pairs: list[tuple[str, float]] = CREDIT_STRATA) -> dict[str, Any]:
    return {"field": "credit_class", "groups": [{"value": v, "ratio": r} for v, r in pairs]}


def _task(
    plan_id: str,
    n: int,
    name: str,
    task_type: str,
    items: list[str],
    scope: dict[str, Any],
    window: tuple[str, str],
    lead: str,
    **extra: Any,
) -> dict[str, Any]:
    task: dict[str, Any] = {
        "id": f"{plan_id}-{n:02d}",
        "name": name,
        "type": task_type,
        "items": items,
        "scope": scope,
    }
    sampling = {k: extra.pop(k) for k in ("strata", "ratio", "count") if k in extra}
    task.update(sampling or {"strata": _strata()})
    task["exclusions"] = {"inspected_within_months": 12}
    task["reserves"] = extra.pop("reserves", 3)
    task["window"] = {"start": window[0], "end": window[1]}
    task["lead_department"] = lead
    task["cooperating_departments"] = extra.pop("cooperating", [])
    if task["cooperating_departments"]:
        task["joint"] = True
    task["officers_per_target"] = extra.pop("officers", 2)
    task["cross_jurisdiction"] = extra.pop("cross", False)
    task["since_version"] = extra.pop("since_version", 1)
    if extra:
        raise TypeError(f"unknown task options {sorted(extra)}")
    return task


def _example_plans(year: int) -> dict[str, dict[str, Any]]:
    """Hand-shaped 2026 plans for the example district (joint tasks, strata, an adjustment)."""

    def pid(d: str) -> str:
        return f"{year}-{d}"

    def w(a: str, b: str) -> tuple[str, str]:
        return (f"{year}-{a}", f"{year}-{b}")

    def plan(dept: Dept, tasks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        p: dict[str, Any] = {
            "id": pid(dept.id),
            "year": year,
            "department": dept.id,
            "title": f"{dept.short_name}{year}年度“双随机、一公开”抽查工作计划",
            "published": f"{year}-01-{10 + len(dept.id):02d}",
            "adjustments": extra.get("adjustments", []),
            "tasks": tasks,
        }
        return p

    d = {x.id: x for x in EXAMPLE_DEPTS}
    s = pid("SCJG")
    plans = {
        "SCJG": plan(
            d["SCJG"],
            [
                _task(
                    s,
                    1,
                    "企业公示信息不定向抽查",
                    "不定向",
                    ["SCJG-001", "SCJG-004"],
                    {"entity_types": COMPANY_ENTITY_TYPES},
                    w("04-01", "11-30"),
                    "SCJG",
                    cross=True,
                    reserves=5,
                ),
                _task(
                    s,
                    2,
                    "餐饮服务单位跨部门联合抽查",
                    "定向",
                    ["SCJG-004", "SCJG-009", "SPYP-003"],
                    {"industries": ["H62"]},
                    w("05-06", "07-31"),
                    "SCJG",
                    strata=_strata([("A", 0.03), ("B", 0.05), ("C", 0.3), ("D", 1.0)]),
                    cooperating=["SPYP"],
                ),
                _task(
                    s,
                    3,
                    "列入经营异常名录企业定向抽查",
                    "定向",
                    ["SCJG-001"],
                    {"lists": ["经营异常名录"]},
                    w("03-02", "06-30"),
                    "SCJG",
                    ratio=1.0,
                    cross=True,
                    reserves=0,
                ),
                _task(
                    s,
                    4,
                    "电梯等特种设备使用单位定向抽查",
                    "定向",
                    ["SCJG-008"],
                    {"industries": ["H61", "F5212", "K7020"]},
                    w("07-15", "10-30"),
                    "SCJG",
                    count=15,
                    since_version=2,
                ),
            ],
            adjustments=[
                {
                    "version": 2,
                    "date": f"{year}-06-26",
                    "summary": "新增 2026-SCJG-04 电梯等特种设备使用单位定向抽查任务。",
                }
            ],
        ),
        "SPYP": plan(
            d["SPYP"],
            [
                _task(
                    pid("SPYP"),
                    1,
                    "食品生产企业监督检查",
                    "定向",
                    ["SPYP-001", "SPYP-006"],
                    {"industries": ["C13", "C14", "C15"]},
                    w("03-16", "06-30"),
                    "SPYP",
                    strata=_strata([("A", 0.1), ("B", 0.2), ("C", 0.5), ("D", 1.0)]),
                ),
                _task(
                    pid("SPYP"),
                    2,
                    "药品零售企业监督检查",
                    "定向",
                    ["SPYP-007"],
                    {"industries": ["F5251", "F5252"]},
                    w("08-03", "10-30"),
                    "SPYP",
                    count=12,
                ),
                _task(
                    pid("SPYP"),
                    3,
                    "化妆品生产经营者抽查",
                    "定向",
                    ["SPYP-010", "SPYP-011"],
                    {"industries": ["C2682", "F5234"]},
                    w("09-01", "12-15"),
                    "SPYP",
                ),
            ],
        ),
        "WGXJ": plan(
            d["WGXJ"],
            [
                _task(
                    pid("WGXJ"),
                    1,
                    "娱乐场所跨部门联合抽查",
                    "定向",
                    ["WGXJ-001", "WGXJ-002", "GAFJ-003"],
                    {"industries": ["R9011", "R9012", "R9019"]},
                    w("04-13", "06-30"),
                    "WGXJ",
                    strata=_strata([("A", 0.2), ("B", 0.3), ("C", 0.6), ("D", 1.0)]),
                    cooperating=["GAFJ"],
                ),
                _task(
                    pid("WGXJ"),
                    2,
                    "互联网上网服务营业场所抽查",
                    "定向",
                    ["WGXJ-003"],
                    {"industries": ["R9013"]},
                    w("07-01", "08-31"),
                    "WGXJ",
                    ratio=0.3,
                ),
                _task(
                    pid("WGXJ"),
                    3,
                    "印刷企业抽查",
                    "定向",
                    ["WGXJ-005"],
                    {"industries": ["C23"]},
                    w("10-08", "12-18"),
                    "WGXJ",
                ),
            ],
        ),
        "JTJ": plan(
            d["JTJ"],
            [
                _task(
                    pid("JTJ"),
                    1,
                    "道路货物运输经营者抽查",
                    "定向",
                    ["JTJ-002", "JTJ-003"],
                    {"industries": ["G543"]},
                    w("03-09", "05-29"),
                    "JTJ",
                ),
                _task(
                    pid("JTJ"),
                    2,
                    "机动车维修经营者抽查",
                    "定向",
                    ["JTJ-004"],
                    {"industries": ["O8111"]},
                    w("09-07", "11-27"),
                    "JTJ",
                ),
            ],
        ),
        "AJJ": plan(
            d["AJJ"],
            [
                _task(
                    pid("AJJ"),
                    1,
                    "危险化学品经营使用单位抽查",
                    "定向",
                    ["AJJ-002", "AJJ-003"],
                    {"industries": ["F5169", "G5942", "C26"]},
                    w("03-23", "06-19"),
                    "AJJ",
                    strata=_strata([("A", 0.2), ("B", 0.3), ("C", 0.6), ("D", 1.0)]),
                ),
                _task(
                    pid("AJJ"),
                    2,
                    "工贸企业粉尘防爆和有限空间作业抽查",
                    "定向",
                    ["AJJ-005", "AJJ-006"],
                    {"industries": ["C19", "C21", "C33", "C36"]},
                    w("08-17", "11-13"),
                    "AJJ",
                ),
                _task(
                    pid("AJJ"),
                    3,
                    "烟花爆竹零售经营单位节前抽查",
                    "定向",
                    ["AJJ-004"],
                    {"industries": ["F5299"]},
                    w("12-01", "12-31"),
                    "AJJ",
                    ratio=0.5,
                ),
            ],
        ),
        "GAFJ": plan(
            d["GAFJ"],
            [
                _task(
                    pid("GAFJ"),
                    1,
                    "旅馆业治安管理抽查",
                    "定向",
                    ["GAFJ-001"],
                    {"industries": ["H61"]},
                    w("05-11", "07-31"),
                    "GAFJ",
                ),
                _task(
                    pid("GAFJ"),
                    2,
                    "废旧金属收购业抽查",
                    "定向",
                    ["GAFJ-004"],
                    {"industries": ["F5191"]},
                    w("09-14", "11-30"),
                    "GAFJ",
                    ratio=0.5,
                ),
            ],
        ),
    }
    return plans


def _district_plans(ctx: Context, years: Iterable[int]) -> dict[tuple[int, str], dict[str, Any]]:
    """Generic plans for benchmark data: 2 tasks a department a year, some joint.

    Ratios are tuned so that drawing every task (`generator.synth_activity`) selects about
    100,000 targets over the five years, the size issue #5 asks the site to handle."""
    rng = ctx.rng
    # lower than the example's ratios: 290 tasks over 200,000 targets would otherwise draw ~280k
    district_strata = [("A", 0.01), ("B", 0.02), ("C", 0.1), ("D", 0.3)]
    industries = sorted({t[0][:3] for t in INDUSTRY_MIX})
    enforcing = [d for d in ctx.depts if not d.is_legal_office]
    plans: dict[tuple[int, str], dict[str, Any]] = {}
    for year in years:
        for dept in enforcing:
            pid = f"{year}-{dept.id}"
            # plans may only use active, legally reviewed items
            items = [i["id"] for i in ctx.items[dept.id] if i["active"]]
            tasks = []
            for n in range(1, 3):
                start = date(year, 1, 1) + timedelta(days=rng.randrange(60, 240))
                end = start + timedelta(days=rng.randrange(30, 100))
                coop = []
                chosen = rng.sample(items, k=min(len(items), rng.choice((1, 2, 3))))
                if rng.random() < 0.15:
                    partner = rng.choice([d for d in enforcing if d.id != dept.id])
                    coop = [partner.id]
                    chosen.append(
                        rng.choice([i for i in ctx.items[partner.id] if i["active"]])["id"]
                    )
                sampling: dict[str, Any]
                roll = rng.random()
                if roll < 0.7:
                    sampling = {"strata": _strata(district_strata)}
                elif roll < 0.85:
                    sampling = {"ratio": rng.choice((0.01, 0.02, 0.03))}
                else:
                    sampling = {"count": rng.randrange(20, 200)}
                scope = {"industries": rng.sample(industries, k=rng.randrange(1, 4))}
                tasks.append(
                    _task(
                        pid,
                        n,
                        f"{dept.short_name}{year}年第{n}批抽查",
                        rng.choice(("定向", "不定向")),
                        chosen,
                        scope,
                        (_iso(start), _iso(end)),
                        dept.id,
                        cooperating=coop,
                        cross=dept.id == "SCJG",
                        **sampling,
                    )
                )
            plans[(year, dept.id)] = {
                "id": pid,
                "year": year,
                "department": dept.id,
                "title": f"{dept.short_name}{year}年度“双随机、一公开”抽查工作计划",
                "published": f"{year}-01-{rng.randrange(5, 25):02d}",
                "adjustments": [],
                "tasks": tasks,
            }
    return plans


def calendar_record(year: int) -> dict[str, Any]:
    """Holidays (with weekends inside holiday blocks) and make-up workdays (chinese_calendar)."""
    holidays = sorted(d for d in chinese_calendar.constants.holidays if d.year == year)
    workdays = sorted(d for d in chinese_calendar.constants.workdays if d.year == year)
    if not holidays:
        raise ValueError(f"chinese_calendar does not know {year}")
    return {
        "year": year,
        "source": CALENDAR_SOURCES.get(year, "国务院办公厅放假安排通知"),
        "holidays": [_iso(d) for d in holidays],
        "workdays": [_iso(d) for d in workdays],
    }


def _config() -> dict[str, Any]:
    return {
        "district": dict(DISTRICT),
        "regions": [{"code": r[0], "name": r[1]} for r in REGIONS],
        "offices": [],  # filled by write_district
        "legal_office": "FZB",
        "allow_manual_seed": False,
        "allow_uncommitted_draws": False,
        "result_deadline_working_days": 20,
        "site": {
            "title": "花都区“双随机、一公开”监管信息公示（示例）",
            "url": "https://spotcheck.example/huadu/",
            "repo_url": "https://github.com/example/spotcheck-huadu",
            "edit_uri": "edit/main/records/",
        },
    }


def _chunks(seq: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


SIZES: dict[str, dict[str, Any]] = {
    "example": {
        "targets": 2000,
        "years": [2026],
        "inspectors": {"SCJG": 24, "SPYP": 10, "WGXJ": 6, "JTJ": 6, "AJJ": 6, "GAFJ": 8},
    },
    "district": {"targets": 200_000, "years": [2022, 2023, 2024, 2025, 2026], "inspectors": None},
}
TARGETS_PER_FILE = 2000


def write_district(
    out_dir: Path, scale: Scale, seed: int = 2026, progress: bool = False
) -> dict[str, int]:
    """Write a district's records (the records/ layout) under out_dir; return counts written."""
    if scale not in SIZES:
        raise ValueError(f"unknown scale {scale!r}")
    size = SIZES[scale]
    rng = random.Random(f"spotcheck-synth-{scale}-{seed}")
    ctx = Context(rng=rng, scale=scale, depts=[])
    ctx.depts = _departments(ctx)
    legal = next(d.id for d in ctx.depts if d.is_legal_office)
    writer = Writer(out_dir, _find_schemas_dir(out_dir))

    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=size["targets"], desc="检查对象", unit="户")

    def tick() -> None:
        if bar is not None:
            bar.update(1)

    ctx.offices = _offices(ctx)
    for dept in ctx.depts:
        writer.yaml(f"departments/{dept.id}.yaml", "department", _department_record(ctx, dept))
    ctx.items = _items(ctx, legal)
    for dept_id, items in ctx.items.items():
        writer.yaml(f"items/{dept_id}.yaml", "item", items)

    ctx.targets = _targets(ctx, size["targets"], tick)
    by_region: dict[str, list[dict[str, Any]]] = {}
    for target in ctx.targets:
        by_region.setdefault(target["region"], []).append(target)
    for region, targets in sorted(by_region.items()):
        targets.sort(key=lambda t: t["uscc"])
        for n, chunk in enumerate(_chunks(targets, TARGETS_PER_FILE), 1):
            writer.yaml(f"targets/{region}/{n:03d}.yaml", "target", chunk)
    if bar is not None:
        bar.close()

    per_dept = size["inspectors"]
    if per_dept is None:  # district: ~1,500 people, a fifth of them in SCJG
        enforcing = [d.id for d in ctx.depts if not d.is_legal_office]
        per_dept = {d: 52 for d in enforcing}
        per_dept["SCJG"] = 1500 - 52 * (len(enforcing) - 1)
    inspectors = _inspectors(ctx, per_dept)
    for dept_id, people in inspectors.items():
        if people:
            writer.yaml(f"inspectors/{dept_id}.yaml", "inspector", people)

    for dept in ctx.depts:
        if not dept.is_legal_office:
            front, body = _rules(ctx, dept)
            writer.markdown(f"rules/{dept.id}.md", "rules", front, body)

    if scale == "example":
        plans = {(2026, k): v for k, v in _example_plans(2026).items()}
    else:
        plans = _district_plans(ctx, size["years"])
    for (year, dept_id), plan in sorted(plans.items()):
        writer.yaml(f"plans/{year}/{dept_id}.yaml", "plan", plan)

    for year in size["years"]:
        writer.yaml(f"calendars/{year}.yaml", "calendar", calendar_record(year))

    config = _config()
    config["offices"] = ctx.offices
    if scale == "example":  # its approvals are made with `spotcheck approve` (records/README.md)
        config["require_legal_approval"] = True
    writer.yaml("config.yaml", "config", config)

    return {
        "departments": len(ctx.depts),
        "items": sum(len(v) for v in ctx.items.values()),
        "targets": len(ctx.targets),
        "inspectors": sum(len(v) for v in inspectors.values()),
        "rules": sum(1 for d in ctx.depts if not d.is_legal_office),
        "plans": len(plans),
        "tasks": sum(len(p["tasks"]) for p in plans.values()),
        "calendars": len(size["years"]),
        "files": writer.files,
    }
