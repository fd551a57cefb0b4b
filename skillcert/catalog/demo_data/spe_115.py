"""115 年度 智慧生產工程師 能力鑑定簡章 (初級.中級) — every number of it.

Practical venues: the brochure says only '術科實作限額依各實作基地考場人數上限規定' and that the
practical runs in 2 batches of 4 hours; we load 60 seats per venue (2 batches × 30 workstations),
an invented figure staff correct in the back office."""

from datetime import date

from ..models import Level, Plan, Subject, SubjectKind

W, P = SubjectKind.WRITTEN, SubjectKind.PRACTICAL
CBT, PRACTICAL = Subject.Format.CBT, Subject.Format.PRACTICAL
PRACTICAL_VENUES = [
    ("台北", "國立臺北科技大學", "10608 臺北市大安區忠孝東路三段1號"),
    ("高雄", "國立高雄科技大學", "80778 高雄市三民區建工路415號"),
]
PRACTICAL_SEATS_PER_VENUE = 60

DISADVANTAGED_NOTE = (
    "持(1)清寒戶證明或低收入戶證明書、卡正反影本、(2)身心障礙手冊影本或(3)原住民個人戶謄本影本，"
    "報考時檢附並經審核通過，可以原價3折之報名費用報考各級等考試。"
)
PLAN_NOTES = {
    Plan.LIST: "",
    Plan.NEW: "對象：未曾報名過 iPAS 能力鑑定之考生皆適用",
    Plan.RETURNING: "凡曾成功報名 iPAS 能力鑑定之考生皆適用",
    Plan.RECOGNITION: "簽署企業或學校認同之考生皆適用",
    Plan.GROUP: "簽署認同＋透過團報系統報名達25人或使用折扣碼報名＋單一發票",
    Plan.TRAINING: (
        "持經濟部人才培訓課程三年內之培訓證書或結業證書，報名費用可享優惠價；"
        "務必於「考生基本資料維護」頁面勾選「近三年內完成任一經濟部人才培訓課程結訓」及 E-mail 檢附上述憑證。"
    ),
}


def _fee_rows(kinds, list_price, new, discounted):
    rows = []
    for index, kind in enumerate(kinds):
        for plan, amount in ((Plan.LIST, list_price), (Plan.NEW, new)):
            rows.append((plan, kind, amount[index], None, False, PLAN_NOTES[plan]))
        for plan in (Plan.RETURNING, Plan.RECOGNITION, Plan.GROUP, Plan.TRAINING):
            rows.append((plan, kind, discounted[index], None, plan == Plan.TRAINING, PLAN_NOTES[plan]))
        rows.append((Plan.DISADVANTAGED, kind, None, 30, True, DISADVANTAGED_NOTE))
    return rows


def _session(nth, *, group, individual, exam, scores, mailing, regions, regions_note, timetable, seat_pools):
    return {
        "nth": nth,
        "exam_date": exam,
        "exam_date_note": "",
        "group_registration_opens": (group[0], 0, 0),
        "group_registration_closes": (group[1], 12, 0),
        "registration_opens": (individual[0], 0, 0),
        "registration_closes": (individual[1], 12, 0),
        "notice_days_before": 10,
        "sample_questions_note": "",
        "sample_questions_working_days": None,
        "dispute_on_exam_day": True,
        "dispute_opens": None,
        "dispute_closes": None,
        "scores_published_on": scores,
        "scores_note": "以網站最新消息公告為主",
        "review_opens": None,
        "review_closes": None,
        "review_days_from_publication": 2,
        "certificates_mailed_from": mailing,
        "regions": regions,
        "regions_note": regions_note,
        "timetable": timetable,
        "seat_pools": seat_pools,
    }


BEGINNER_REGIONS = ["台北", "桃園", "台中", "虎尾", "高雄", "金門"]
PRACTICAL_NOTE = (
    "術科實作分2梯次(4小時)。辦理時間：4月初至5月底前完成各場次；考場：臺北--國立臺北科技大學、高雄--國立高雄科技大學"  # noqa: E501
)
BEGINNER_WRITTEN = [(1, (9, 0), (10, 15), "", []), (2, (10, 45), (12, 0), "考科2、考科3擇一報考", [])]


# Brochure 115 §2.4 鑑定方式 and §3.4 考生應試須知 / 試場規則, in its words (shown on the item page).
EXAM_RULES = [
    {
        "heading": "鑑定方式（§2.4）",
        "items": [
            "電腦測驗：考試開始前會撥放電腦測驗操作教學短片，考生須依題目要求，以滑鼠及鍵盤操作填答應試。"
            "作答時以滑鼠左鍵點選，鑑定結束前，可以改變作答選項或不作答；若該題有附圖者，可點選查看。"
            "【不作答】可清空作答內容；【註記】不影響評分結果；若有附圖，將出現【查看附圖】按鈕。",
            "紙筆測驗：請攜帶考試規定之鉛筆、藍色原子筆及相關規定之文具作答。",
            "術科實作考場設備說明：詳見能力鑑定網站公告。",
            "應試時僅可攜帶考選部核定之國家考試電子計算器。",
        ],
    },
    {
        "heading": "應試須知：攜帶物品（§3.4）",
        "items": [
            "身分證件：考生應攜帶身分證或具照片與身分證字號之證件（以下簡稱身分證件）應試。未報名考生不得入場。",
            "文具及計算器：鉛筆、藍/黑色原子筆、橡皮擦、修正帶、尺，以及考選部核定之國家考試電子計算器。"
            "請考生自行至考選部「國家考試電子計算器措施」頁面確認可使用型號。",
            "禁止攜帶物品：書籍、紙張、飲水、食物、皮包、收錄音機、手機、鬧鐘、翻譯機、電子通訊設備、電子穿戴裝置"
            "或其他具資訊傳輸、感應、拍攝、記錄功能之器具設備，以及其他無關物品不得攜入考場。違規者依規扣分。",
            "其他注意事項：請勿攜帶貴重物品，考場不提供保管服務。",
        ],
    },
    {
        "heading": "試場規則（§3.4）",
        "items": [
            "考生應於每節考試前5分鐘依教室外張貼之「考生座位圖」就座，並準時應試。",
            "考試開始後20分鐘內得准入場，逾時不得應試。",
            "每節考試開始後30分鐘內，不准離場。",
            "持身心障礙手冊或證明，經核准之視覺障礙、上肢肢體障礙、腦性麻痺、重度肢體障礙及多重障礙考生，"
            "每節考試時間可延長20分鐘。",
            "身分證件與就座：考生應憑身分證件入場，並於就座後將證件置於桌面考生座位標籤旁，方便監考人員核對。",
            "非考試用品管理：考生應依監考人員指示，於每節考試入場後將書籍文件等非考試必需用品，放置於試場前後方或指定場所。",
            "入場前請將手機關機，鑑定中若手機發出鈴響，將視情節輕重，扣除該科目成績5分至20分，通聯者將不予計分。",
            "試卷及座位檢查：考生應自行檢查試卷、座位標籤之正確性，遇有不符，應即舉手告知監考人員處理。",
            "作答與繳交：考生應在規定時間內結束作答、繳交試卷，屆時未繳者一律收繳。繳交時，應經監考人員驗收後始得離場。",
            "考場行為規範：考生已交卷離場後，不得在試場附近逗留、高聲喧嘩、宣讀答案或指示他人作答，違者經勸阻無效，將不予計分。",
            "違規處理：鑑定前若發現以下情事，取消應考資格；證書核發後發現，將撤銷授證資格並吊銷證書，其涉及刑事責任者，"
            "移送檢察機關辦理。A. 冒名頂替者、偽造或變造應考證件者或自始不具備應考資格者。"
            "B. 以詐術或其他不正常方法，使鑑定發生不正確之結果者。",
            "考題疑義：考生對試題如有疑義，可於當科鑑定時向監考人員依「疑義考題處理須知」申請（附錄六）。",
            "若颱風或地震等不可抗力之情事而須延期考試時，將在能力鑑定網站公布，不個別通知考生，考生請留意相關訊息。",
            "考試當天因故不能應試者，恕不得以任何理由要求退費。",
        ],
    },
]

SPE_115 = {
    "item": {
        "code": "SPE",
        "name_zh": "智慧生產工程師",
        "name_en": "Smart Production Engineer",
        "website": "https://ipd.nat.gov.tw/ipas/SPE/",
        "email": "ipas@itri.org.tw",
        "phone": "03-5912995",
        "fax": "03-5820285",
        "address": "31040 新竹縣竹東鎮中興路四段 195 號 21 館 101 室 工研院產業學院能力鑑定小組",
        "organiser": "經濟部產業發展署",
        "executor": "財團法人工業技術研究院",
        "co_organiser": "社團法人中華民國工業協進會",
        "purpose": (
            "因應國內智慧製造發展趨勢與人才需要，策劃產業人才之能力鑑定制度，有效引導學校或培訓機構因應產業需求規劃課程，"
            "以輔導學生就業縮短學用落差，同時鼓勵我國在校學生及相關領域從業人員報考，以提升智慧製造人才之素質與競爭力。"
        ),
    },
    "anchor": date(2026, 3, 1),
    "brochure": {
        "exam_rules": EXAM_RULES,
        "roc_year": 115,
        "version": "",
        "published_on": date(2025, 12, 24),
        "registration_url": "https://reg.ipas.org.tw/",
        "group_registration_url": "https://reg.ipas.org.tw/GroupReg",
        "reissue_fee": 600,
        "group_threshold": 25,
        # Brochure 115 is silent on a minimum turnout; SPEC §2 applies 40 to every sitting.
        "minimum_turnout": 40,
        "schedule_note": "※執行單位得視需要保留調整重要日程表之權利",
        "venue_note": (
            "執行單位將視報考人數保留合併考場或變更考場的權利，術科實作考試之考試梯次、考場，"
            "需視各實作考場實際可容納數，由主辦單位安排後通知。\n"
            "澎湖考場僅辦理初級第一梯次考試，屏東考場僅辦理初級第二梯次考試。\n"
            "<術科實作>考科僅上半年辦理，考場：臺北--國立臺北科技大學、高雄--國立高雄科技大學。"
        ),
        "fee_notes": (
            "若同一單位於單一梯次報名人數達25人以上，並由該單位統一繳費且開立同一張發票者，得適用相關團體報名規定。\n"
            "單一發票定義：報名費總額以單位抬頭開立1張發票。\n"
            "請務必確認發票開立方式無誤；為配合國稅局勸止二聯換開三聯之政策，執行單位有權利考量各因素後拒絕換開發票。\n"
            "報名取消：(1)完成報名繳費後，於報名期間內可申請取消報名及全額退費；"
            "(2)考試因颱風、地震、水災等原因延期舉行，致全程無法參加考試，可於考試延期公告之次日起3日內申請取消報名及全額退費；"
            "(3)繳交報名費用後，因特殊原因需於報名期間內申請部分退費。\n"
            "考試當天因故不能應試者，恕不得以任何理由要求退費。"
        ),
        "payment_info": (
            "個人網路報名：系統提供之專屬銀行虛擬 ATM 帳號（兆豐銀行代碼 017），一組帳號僅供一次性使用，金額需正確；可 ATM 轉帳或網路銀行繳款。\n"  # noqa: E501
            "團體報名及證書補發：土地銀行工研院分行（金融機構代碼 005-1563）帳號 156-005-00002-5，戶名：財團法人工業技術研究院。\n"
            "繳費時可能需支付手續費，費用依照各銀行標準收取，不包含於報名費中。"
        ),
        "notes": "能力鑑定證書採核發制（不需另外申請），於成績公告後約2個月工作天以掛號寄出。",
    },
    "reissue_windows": [
        (date(2026, 5, 1), date(2026, 5, 5)),
        (date(2026, 6, 1), date(2026, 6, 10)),
        (date(2026, 9, 1), date(2026, 9, 10)),
        (date(2026, 11, 1), date(2026, 11, 10)),
    ],
    "levels": [
        {
            "rank": Level.Rank.BEGINNER,
            "code": "L1",
            "written_quota": 1000,
            "practical_quota_note": "術科實作限額依各實作基地考場人數上限規定",
            "suggested_candidates": "大三以上學歷\n專科畢業及1年相關工作經驗\n高中職畢及3年相關工作經驗",
            "competence": "",
            "passing_performance": "瞭解智慧製造生產線所需具備之各項管理基本知識並具應用能力，具有進入該專業人員之入門水準。",
            "certificate_valid_years": None,
            "note": "考科2、考科3擇一報考（授證組合 A：考科1＋考科2；B：考科1＋考科3）。",
            "subjects": [
                {
                    "number": 1,
                    "code": "L11",
                    "name": "生產與作業管理基礎",
                    "kind": W,
                    "format": CBT,
                    "question_type": "單選題 (100%)",
                    "duration_minutes": 75,
                    "competence": (
                        "具備生產管理、物料管理與工業工程(IE)基本概念，以及生產流程與其管理概念。能有效掌握人、機、料等狀況，能夠配合生產計畫如期生產。\n"  # noqa: E501
                        "具備品質管理基本概念，能夠執行品質檢驗、收集與分析品質數據並掌控技術文件版本正確性。"
                    ),
                    "topics": [
                        (
                            "L111",
                            "生產管理基本概念",
                            [
                                ("L11101", "生產計畫基礎知識"),
                                ("L11102", "生產組織管理"),
                                ("L11103", "生產控制"),
                                ("L11104", "生產統籌"),
                            ],
                        ),  # noqa: E501
                        (
                            "L112",
                            "製造流程管理概念",
                            [
                                ("L11201", "途程管理概念"),
                                ("L11202", "製造材料清單(MBOM)"),
                                ("L11203", "工作標準作業程序"),
                            ],
                        ),  # noqa: E501
                        (
                            "L113",
                            "物料管理概念",
                            [
                                ("L11301", "物料需求規劃(MRP)"),
                                ("L11302", "在製品(WIP)及現場倉管理原則"),
                                ("L11303", "物料進出管理"),
                            ],
                        ),  # noqa: E501
                        (
                            "L114",
                            "工業工程(IE)基本概念",
                            [
                                ("L11401", "工作研究基本概念"),
                                ("L11402", "標準工時概念"),
                                ("L11403", "工廠之稼動率、良率、效率指標"),
                            ],
                        ),  # noqa: E501
                        (
                            "L115",
                            "品質管理基本概念",
                            [
                                ("L11501", "管制圖設計之基本原理"),
                                ("L11502", "品質分析與管制"),
                                ("L11503", "品質成本概念"),
                            ],
                        ),  # noqa: E501
                    ],
                },  # fmt: skip
                {
                    "number": 2,
                    "code": "L12",
                    "name": "智慧製造生產線管理基礎",
                    "kind": W,
                    "format": CBT,
                    "question_type": "單選題 (100%)",
                    "duration_minutes": 75,
                    "competence": "具備智動化設備之生產管理基本知識，能夠操作設備、簡易清潔保養與故障排除。\n瞭解智慧製造與智慧化現場管理基本概念。",  # noqa: E501
                    "topics": [
                        # The brochure's table prints no title for topic L121.
                        (
                            "L121",
                            "（簡章未載主題名稱）",
                            [
                                ("L12101", "生產系統概念(ERP/MES)"),
                                ("L12102", "自動設備特性、功能及設備差異，與其操作簡介"),
                                ("L12103", "簡易設備保養基本知識(含預防性保養、基本故障排除)"),
                                ("L12104", "自動設備參數管理(含預測保養參數)"),
                                (
                                    "L12105",
                                    "智慧製造設備管控介面基本知識 (如：辨識智慧設備介面需求、開立規格及介面資料的擷取)",
                                ),
                                ("L12106", "智慧化現場管理基本概念"),
                            ],
                        ),
                        (
                            "L122",
                            "智慧製造基本概念",
                            [
                                ("L12201", "物聯網基本概念"),
                                ("L12202", "人工智慧基本概念"),
                                ("L12203", "網宇實體整合(CPS)基本概念"),
                                (
                                    "L12204",
                                    "製造執行系統(MES)管理基礎與製程優化資料分析之基本概念 (如：資料分析的基本能力、資料的收集與分析、批次生產比較管制(run to run control)、流程決策分析與優化)",
                                ),  # noqa: E501
                            ],
                        ),
                        (
                            "L123",
                            "設備操作實務",
                            [
                                ("L12301", "自動生產設備基本操作知識"),
                                ("L12302", "自動設備特性及差異辨識(稼動率、良率、效率指標)"),
                            ],
                        ),  # noqa: E501
                    ],
                },  # fmt: skip
                {
                    "number": 3,
                    "code": "L13",
                    "name": "智慧生產與管理實務",
                    "kind": P,
                    "format": PRACTICAL,
                    "question_type": "實作題+問答題 (100%)",
                    "duration_minutes": 240,
                    "competence": (
                        "具備生產與作業管理基本實作能力，以及生產流程規劃與運作模式，具備掌握生產線上人、機、料等狀況，具有管理生產現場之實作能力。\n"  # noqa: E501
                        "具備智慧製造與智慧化現場管理基本實作能力，以及製程現場實際資訊的分析與判斷，具備掌握即時生產系統與設備機台資訊運用之實作能力。"  # noqa: E501
                    ),
                    "topics": [
                        (
                            "L131",
                            "生產與作業管理實作",
                            [
                                ("L13101", "生產管理與生產流程之規劃與運作模式"),
                                ("L13102", "生產監控管理系統操作與應用"),
                                ("L13103", "生產系統在製品追蹤管理"),
                            ],
                        ),  # noqa: E501
                        (
                            "L132",
                            "智慧製造生產線管理實作",
                            [
                                ("L13201", "生產安排與調節與物料批次管理與生產追溯"),
                                ("L13202", "生產設備/模具管理"),
                                ("L13203", "即時生產系統與設備機台資訊採集"),
                                ("L13204", "資源分配管理與製程現場實際資訊的分析"),
                            ],
                        ),  # noqa: E501
                    ],
                },  # fmt: skip
            ],
            "paths": {"A": [1, 2], "B": [1, 3]},
            "fees": _fee_rows((W, P), (1200, 3000), (800, 2100), (600, 1800)),
            "sessions": [
                _session(
                    1,
                    group=(date(2026, 1, 1), date(2026, 4, 9)),
                    individual=(date(2026, 1, 1), date(2026, 4, 10)),
                    exam=date(2026, 5, 23),
                    scores=date(2026, 6, 12),
                    mailing=date(2026, 7, 31),
                    regions=[*BEGINNER_REGIONS, "澎湖"],
                    regions_note="澎湖考場僅辦理初級第一梯次考試",
                    timetable=[*BEGINNER_WRITTEN, (3, None, None, PRACTICAL_NOTE, ["台北", "高雄"])],
                    seat_pools=[
                        (W, None, 1000, "初級每梯次報名限額 1,000 人，額滿為止"),
                        *[
                            (P, name, PRACTICAL_SEATS_PER_VENUE, "2梯次 × 30 人（示範設定）")
                            for _r, name, _a in PRACTICAL_VENUES
                        ],  # noqa: E501
                    ],
                ),
                _session(
                    2,
                    group=(date(2026, 5, 22), date(2026, 9, 21)),
                    individual=(date(2026, 5, 22), date(2026, 9, 22)),
                    exam=date(2026, 11, 14),
                    scores=date(2026, 11, 25),
                    mailing=date(2027, 1, 15),
                    regions=[*BEGINNER_REGIONS, "屏東"],
                    regions_note="屏東考場僅辦理初級第二梯次考試；<術科實作>考科僅上半年辦理",
                    timetable=BEGINNER_WRITTEN,
                    seat_pools=[(W, None, 1000, "初級每梯次報名限額 1,000 人，額滿為止")],
                ),
            ],
        },
        {
            "rank": Level.Rank.INTERMEDIATE,
            "code": "L2",
            "written_quota": 200,
            "practical_quota_note": "",
            "suggested_candidates": "大學畢業具2年相關工作經驗\n研究所畢具1年相關工作經驗\n高中職畢及5年相關工作經驗",
            "competence": "",
            "passing_performance": (
                "熟知智慧製造生產線管理基礎知識，能夠應用與整合智慧製造生產線所需具備之基本原理與設備知識，"
                "能改善生產線效率、維護智慧製造設備並落實生產線之精實管理。"
            ),
            "certificate_valid_years": 5,
            "note": "",
            "subjects": [
                {
                    "number": 1,
                    "code": "L21",
                    "name": "智慧製造生產與作業管理之實務應用",
                    "kind": W,
                    "format": CBT,
                    "question_type": "單選題 (100%)",
                    "duration_minutes": 90,
                    "competence": "熟知生產管理基本概念，運用於智慧製造生產線管理。\n能夠執行品質檢驗、即時收集與分析品質數據。\n能夠長期蒐集重要資料與執行大批量品質管理，進而掌握生產線品質之領先指標。",  # noqa: E501
                    "topics": [
                        (
                            "L211",
                            "智慧製造工廠管理實務與應用",
                            [
                                ("L21101", "生產管理實務"),
                                ("L21102", "精實管理基本概念"),
                                ("L21103", "智慧工廠技術綜觀"),
                                ("L21104", "智慧化現場管理基本原理"),
                                ("L21105", "智慧製造執行系統生產實務"),
                            ],
                        ),  # noqa: E501
                        (
                            "L212",
                            "生產流程與產品品質優化",
                            [
                                ("L21201", "以製造執行系統(MES)智慧管控全廠生產資訊流及物流之基本概念"),
                                ("L21202", "製造執行系統(MES)與設備整合之基本概念"),
                                ("L21203", "生產管理巨量資料收集、分析、管理與應用之基本概念"),
                                ("L21204", "生產排程優化之基本概念"),
                                ("L21205", "生產線平衡與改善之基本概念"),
                                ("L21206", "生產品質要因分析之基本概念"),
                                ("L21207", "即時生產資訊之收集與應用之基本概念"),
                            ],
                        ),
                    ],
                },  # fmt: skip
                {
                    "number": 2,
                    "code": "L22",
                    "name": "智慧製造之設備與製程管理之實務應用",
                    "kind": W,
                    "format": CBT,
                    "question_type": "單選題 (100%)",
                    "duration_minutes": 90,
                    "competence": "熟知智慧製造設備知識，能夠操作智慧製造設備與瞭解設備操作性能，並能調整設備參數。\n具備智慧製造管理介面的基本知識。\n熟知生產線智慧化需求，能與設備供應商正確溝通。\n具備智慧製造設備維護能力。",  # noqa: E501
                    "topics": [
                        (
                            "L221",
                            "智慧製造之設備與製程管理",
                            [
                                ("L22101", "物聯網基本原理"),
                                ("L22102", "網宇實體整合(CPS)基本原理"),
                                ("L22103", "自動設備管理與維護基本概念"),
                                ("L22104", "智慧製造之設備管理與維護基本概念"),
                                ("L22105", "生產工程巨量資料即時收集、分析、管理與應用(設備/製程參數)"),
                            ],
                        ),
                        (
                            "L222",
                            "智慧製造之管控及介面知識",
                            [
                                ("L22201", "感測器導入工業應用之基本概念"),
                                ("L22202", "機器視覺導入工業應用之基本概念"),
                                ("L22203", "機器人之整合製造基本概念"),
                                ("L22204", "設備電腦化管控系統的通訊建構技術基本概念"),
                                ("L22205", "智慧型控制應用基本概念"),
                                ("L22206", "智慧製造之管控介面管理與維護基本概念"),
                            ],
                        ),
                        (
                            "L223",
                            "智慧設備操作實務",
                            [
                                ("L22301", "智慧製造設備操作知識"),
                                ("L22302", "智慧設備特性及差異辨識(稼動率、良率、效率指標)"),
                            ],
                        ),  # noqa: E501
                    ],
                },  # fmt: skip
            ],
            "paths": {"A": [1, 2]},
            "fees": _fee_rows((W,), (1500,), (1000,), (700,)),
            "sessions": [
                _session(
                    1,
                    group=(date(2026, 1, 1), date(2026, 3, 10)),
                    individual=(date(2026, 1, 1), date(2026, 3, 11)),
                    exam=date(2026, 4, 11),
                    scores=date(2026, 4, 30),
                    mailing=date(2026, 6, 2),
                    regions=["台北", "台中", "虎尾", "高雄"],
                    regions_note="",
                    timetable=[(1, (13, 30), (15, 0), "", []), (2, (15, 30), (17, 0), "", [])],
                    seat_pools=[(W, None, 200, "中級每梯次報名限額 200 人，額滿為止")],
                ),
            ],
        },
    ],
    "news": [
        (
            "115 年度智慧生產工程師能力鑑定簡章公告",
            "115 年度簡章已公告，初級兩梯次及中級之報名期間、考試日期等請見本項目之重要日程表。",
            (date(2025, 12, 24), 10, 0),
            False,
        ),  # noqa: E501
        (
            "初級第一次及中級考試開放報名",
            "個人報名與團體報名均已開放，皆於截止日中午 12 點截止（團體報名較個人報名早一天截止）。同一單位單一梯次報名達 25 人以上，或使用團報折扣碼，適用團體報名方案。",
            (date(2026, 1, 1), 9, 0),
            True,
        ),  # noqa: E501
        (
            "術科實作考試梯次與考場安排",
            "〈術科實作〉智慧生產與管理實務分 2 梯次辦理（每梯次 4 小時），4 月初至 5 月底前完成各場次；考場：臺北--國立臺北科技大學、高雄--國立高雄科技大學。各場次時間由主辦單位安排後通知考生。",
            (date(2026, 2, 2), 10, 0),
            False,
        ),  # noqa: E501
    ],
}

# Site-wide news (no item); dates follow SPE 115's shift.
SITE_NEWS = [
    (
        "颱風、地震等不可抗力延期考試之公告方式",
        "若颱風或地震等不可抗力之情事而須延期考試時，將在能力鑑定網站公布，不個別通知考生，請考生留意相關訊息。因延期致全程無法參加考試者，可於考試延期公告之次日起3日內申請取消報名及全額退費。",
        (date(2026, 1, 1), 8, 0),
        False,
    ),  # noqa: E501
]
