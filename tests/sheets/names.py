"""Same-name cases for proposals, in a rows-layout sheet with an address per person."""

from __future__ import annotations

from pathlib import Path

from sheets.books import workbook, write_row
from sheets.truth import Level, Sheet, Truth

DOMAIN = "corp.example"
CITIES = ("shanghai", "beijing", "shenzhen", "chengdu", "wuhan", "xian", "nanjing",
          "hangzhou", "suzhou", "tianjin", "qingdao", "dalian", "xiamen", "harbin", "jinan",
          "kunming", "fuzhou", "ningbo", "hefei", "changsha", "zhengzhou")
TAGS = ("madrid", "sevilla", "bilbao", "malaga", "murcia", "vigo", "gijon", "leon", "cadiz",
        "burgos", "soria", "lugo", "jaen", "avila", "teruel", "cuenca", "huesca", "zamora",
        "toledo", "girona")

# Groups that must be proposed for review, one proposal per group: (name as typed, local part).
SAME_PERSON_GROUPS: list[list[tuple[str, str]]] = [
    [("刘玉", "liu.yu"), ("刘玉", "yuliu")],  # Chinese, no space, two addresses
    [("山田太郎", "taro.yamada"), ("山田\u3000太郎", "t.yamada")],  # Japanese, ideographic space
    [("김민준", "minjun.kim"), ("김 민준", "mj.kim")],  # Korean, with and without a space
    [("Okafor, Chidi", "chidi.okafor"), ("Chidi Okafor", "c.okafor")],  # Last, First
    [("J. Smith", "jsmith"), ("John Smith", "john.smith")],  # an initial for the first name
    [("Daniel R. Brooks", "daniel.brooks"), ("Daniel Brooks", "dbrooks")],  # middle initial
    [("Priya Nair", "priya.nair"), ("Priya Nair", "p.nair"), ("Priya Nair", "nair.priya")],
    [("Maria Garcia", f"maria.garcia.{tag}") for tag in TAGS],  # exactly 20: one group
]
# Never proposed: a name 21 people share is a common name; 刘宇 is another name than 刘玉
# (other characters, though both are "Liu Yu" in pinyin); the rest are one of a kind.
NEVER_PROPOSED: list[tuple[str, str]] = [
    *(("Wei Zhang", f"wei.zhang.{city}") for city in CITIES),
    ("刘宇", "liu.yu.sh"),
    ("Lena Vogel", "lena.vogel"),
    ("Tomás Ruiz", "tomas.ruiz"),
]
SKILLS = ("Python", "SQL", "Statistics", "Spark", "Docker")


def build_names(folder: Path) -> Sheet:
    path = folder / "names.xlsx"
    truth = Truth("rows")
    book = workbook(path)
    sheet = book.add_worksheet("People")
    write_row(sheet, 0, ["Name", "E-mail", "Team", "Skills"])
    typed = [(name, local, g) for g, group in enumerate(SAME_PERSON_GROUPS)
             for name, local in group]
    typed += [(name, local, None) for name, local in NEVER_PROPOSED]
    groups: dict[int, set[str]] = {}
    for i, (name, local, group) in enumerate(typed):
        email = f"{local}@{DOMAIN}"
        skill = SKILLS[i % len(SKILLS)]
        level = i % 5 + 1
        write_row(sheet, i + 1, [name, email, "Team", f"{skill} ({level})"])
        truth.person(email, name, "Team")
        truth.holds(email, skill, Level.exact(level), "People", i + 2)
        if group is not None:
            groups.setdefault(group, set()).add(email)
    truth.proposals = {frozenset(members) for members in groups.values()}
    book.close()
    return Sheet(path, truth)
