"""113 年度 工具機機械設計工程師 能力鑑定簡章 (初級), 113.01 版 — every number of it.

MDMT 初級 subject 2 (機械製圖, 非選擇題含實體繪製, 繪製實作及紙筆測驗) sits on the written exam
day at a fixed time and counts against the 學科 quota, so it is loaded as a written subject with
the drawing format; the 術科實作 fee column is loaded all the same (it is part of the table)."""

from datetime import date

from ..models import Level, Plan, Subject, SubjectKind

W, P = SubjectKind.WRITTEN, SubjectKind.PRACTICAL
CBT, DRAWING = Subject.Format.CBT, Subject.Format.DRAWING

DISADVANTAGED_NOTE = (
    "持(1)清寒戶證明或中/低收入戶證明書、卡正反影本、(2)身心障礙手冊影本或(3)原住民個人戶謄本影本，"
    "報考時檢附並經審核通過，可以原價3折之報名費用報考各級等考試。"
)
TRAINING_NOTE = (
    "持經濟部產業發展署培訓課程三年內之培訓證書或結業證書，報名費用可享團報價；"
    "報名後填妥人才培訓方案報考優惠申請表並檢附證書影本，於報名截止日前以 Email 寄回執行單位。"
)
RECHARGE_NOTE = (
    "iPAS x 人培再充電學員於結訓後得免費報名當年度該項能力鑑定之學科考試，統一由課程辦理單位協助學員進行考試報名。"
)
PLAN_NOTES = {
    Plan.LIST: "",
    Plan.NEW: "對象：未曾報名過 iPAS 能力鑑定之考生皆適用",
    Plan.RETURNING: "凡曾成功報名 iPAS 能力鑑定之考生皆適用",
    Plan.GROUP: "簽署認同＋透過團報系統報名或使用折扣碼報名＋單一發票",
    Plan.TRAINING: TRAINING_NOTE,
}


def _fee_rows(list_price, new, discounted):
    """(plan, kind, amount, percent_of_list, needs_documents, note) for one level's columns."""
    rows = []
    for kind, index in ((W, 0), (P, 1)):
        rows += [
            (Plan.LIST, kind, list_price[index], None, False, PLAN_NOTES[Plan.LIST]),
            (Plan.NEW, kind, new[index], None, False, PLAN_NOTES[Plan.NEW]),
            (Plan.RETURNING, kind, discounted[index], None, False, PLAN_NOTES[Plan.RETURNING]),
            (Plan.GROUP, kind, discounted[index], None, False, PLAN_NOTES[Plan.GROUP]),
            (Plan.TRAINING, kind, discounted[index], None, True, PLAN_NOTES[Plan.TRAINING]),
            (Plan.DISADVANTAGED, kind, None, 30, True, DISADVANTAGED_NOTE),
        ]
    rows.append((Plan.RECHARGE, W, 0, None, True, RECHARGE_NOTE))
    return rows


def _mdmt_session(nth, *, opens, closes, exam, disputes, scores, review, mailing):
    return {
        "nth": nth,
        "exam_date": exam,
        "exam_date_note": "術科實作：另於網站最新消息公告；分梯次考試，梯次另行公告，報考人數未達 40 人不辦理",
        # Brochure 113 gives one registration period for individuals and groups alike.
        "group_registration_opens": (opens, 0, 0),
        "group_registration_closes": (closes, "end"),
        "registration_opens": (opens, 0, 0),
        "registration_closes": (closes, "end"),
        "notice_days_before": 10,
        "sample_questions_note": "考試後第 1 個工作天公告（路徑：考試試題及參考書目）",
        "sample_questions_working_days": 1,
        "dispute_on_exam_day": True,
        "dispute_opens": disputes[0],
        "dispute_closes": disputes[1],
        "scores_published_on": scores,
        "scores_note": "以網站最新消息公告為主",
        "review_opens": review[0],
        "review_closes": review[1],
        "review_days_from_publication": None,
        "certificates_mailed_from": mailing,
        "regions": ["台北", "台中", "虎尾", "高雄"],
        "regions_note": "",
        "timetable": [
            (1, (13, 30), (14, 45), "", []),
            (2, (15, 15), (16, 30), "", []),
        ],
        "seat_pools": [(W, None, 1500, "初級學科限額 1,500 人，額滿為止")],
    }


# Brochure 113 §2.4 鑑定方式 and §3.4 考生應試須知 / 試場規則, in its words (shown on the item page).
EXAM_RULES = [
    {
        "heading": "鑑定方式（§2.4）",
        "items": [
            "電腦測驗：考試開始前會撥放電腦測驗操作教學短片，考生須依題目要求，以滑鼠及鍵盤操作填答應試。"
            "作答時以滑鼠左鍵點選，鑑定結束前，可以改變作答選項或不作答；若該題有附圖者，可點選查看。"
            "【不作答】可清空作答內容；【註記】不影響評分結果；若有附圖，將出現【查看附圖】按鈕。",
            "紙筆測驗：請攜帶考試規定之鉛筆、藍色原子筆及相關規定之文具作答。",
            "術科實作考場設備說明：詳見能力鑑定網站公告。",
            "應試時可攜帶考選部公告核定之國家考試電子計算器（各類機型請自行自考選部國家考試電子計算器措施頁面查詢）。",
        ],
    },
    {
        "heading": "應試須知：攜帶物品（§3.4）",
        "items": [
            "考生應攜帶身分證或有照片&身分證號之身分證件(以下簡稱身分證件)應試。未報名考生不得入場。",
            "鉛筆、藍/黑色原子筆、橡皮擦、修正帶、尺、考選部公告核定之國家考試電子計算器"
            "(各類機型請自行自考選部國家考試電子計算器措施頁面查詢)。",
            "非應試用品包括書籍、紙張、飲水、食物、皮包、收錄音機、手機、鬧鐘、翻譯機、電子通訊設備、電子穿戴式裝置"
            "或其他具資訊傳輸、感應、拍攝、記錄功能之器具、設備等(如 APPLE WATCH、小米手環.....)及其他無關物品不得攜帶入場應試，"
            "違者扣分。(請勿攜帶貴重物品應試，考場恕不負責保管之責。)",
        ],
    },
    {
        "heading": "試場規則（§3.4）",
        "items": [
            "考生應於每節考試前 5 分鐘依教室外張貼之「考生座位圖」座位號碼就座，並準時應試。",
            "規定考試時間開始後，20 分鐘內得准入場應試，逾時不得應試。每節考試開始後，30 分鐘內，不准離場。",
            "但持有身心障礙手冊或證明，且經能力鑑定小組核准之視覺障礙、上肢肢體障礙、腦性麻痺、重度肢體障礙及其他多重障礙應考人，"
            "每節考試時間得延長 20 分鐘。",
            "考生應憑身分證件入場應試，並於就座後將身分證件置於桌面，以便監考人員核對。",
            "考生應依監考人員指示，於每節考試入場後將書籍文件等非考試必需用品，放置於試場前後方或指定場所。"
            "入場前請將手機關機，鑑定中若手機發出鈴響，將視情節輕重，扣除該科目成績 5 分至 20 分，通聯者將不予計分。",
            "考生應自行檢查座位之姓名、考試通知碼之正確性，遇有不符，應即舉手告知監考人員處理。",
            "考生人應在規定時間內結束作答、繳交試卷，即不可再作答。",
            "考生已交卷出場後，不得在試場附近逗留或高聲喧嘩，宣讀答案或以其他方式指示場內考生作答，違者經勸阻無效，將不予計分。",
            "鑑定前發現考生有下列各款情事之一者，取消其應考資格。證書核發後發現者，將撤銷其取得授證資格，並吊銷其證書。"
            "其涉及刑事責任者，移送檢察機關辦理。(a)冒名頂替者、偽造或變造應考證件者或自始不具備應考資格者。"
            "(b)以詐術或其他不正常方法，使鑑定發生不正確之結果者。",
            "考生對試題如有疑義，得於當科鑑定時，向監試人員依疑義考題處理須知(請參照各能力鑑定相關表單下載)申請。",
            "若颱風或地震等不可抗力之情事而須延期考試時，將在能力鑑定網站公布，不個別通知考生，考生請留意相關訊息。",
            "考試當天因故不能應試者，恕不得以任何理由要求退費。",
        ],
    },
]

MDMT_113 = {
    "item": {
        "code": "MDMT",
        "name_zh": "工具機機械設計工程師",
        "name_en": "Machine Tool Mechanical Design Engineer",
        "website": "https://www.ipas.org.tw/MDMT",
        "email": "ipas@itri.org.tw",
        "phone": "03-5912893",
        "fax": "03-5820285",
        "address": "31040 新竹縣竹東鎮中興路四段 195 號 21 館 101 室 工研院產業學院能力鑑定小組",
        "organiser": "經濟部產業發展署 Industrial Development Administration, MOEA",
        "executor": "工業技術研究院 Industrial Technology Research Institute",
        "co_organiser": "台灣區工具機暨零組件工業同業公會 TMBA Taiwan Machine Tool & Accessory Builders' Association",
        "purpose": (
            "因應國內工具機產業發展趨勢與人才需要，工業技術研究院產業學院接受經濟部產業發展署委託，"
            "共同策劃產業人才之能力鑑定制度，期有效引導學校或培訓機構因應產業需求規劃課程，"
            "以訓考用循環模式培養符合產業及企業升級轉型所需人才，以提升工具機產業人才之素質與競爭力。"
        ),
    },
    # Today falls on this brochure date when the demo shifts dates (catalog.demo).
    "anchor": date(2024, 3, 1),
    "brochure": {
        "exam_rules": EXAM_RULES,
        "roc_year": 113,
        "version": "113.01 版",
        "published_on": date(2024, 1, 31),
        "registration_url": "http://www.ipas.org.tw/reg",
        "group_registration_url": "",
        "reissue_fee": 600,
        "group_threshold": None,
        "minimum_turnout": 40,
        "schedule_note": "※執行單位得視需要保留調整重要日程表之權利",
        "venue_note": (
            "執行單位將視報考人數保留合併考場或變更考場的權利。\n如當次考試報考未達40人，將取消辦理當次考試。"
        ),
        "fee_notes": (
            "單一發票定義：報名費總額以單位抬頭開立1張發票。\n"
            "為配合國稅局勸止二聯換開三聯之政策，請再次確認發票開立方式無誤，工研院產業學院有權利考量各因素後拒絕換開發票。\n"
            "報名取消及退費：(1)完成報名繳費後，於報名期間內可申請取消報名及全額退費；"
            "(2)考試因颱風、地震、水災等原因延期舉行，致全程無法參加考試，可於考試延期公告之次日起3日內申請取消報名及全額退費；"
            "(3)繳交報名費用後，因特殊原因需於報名期間內申請部分退費。\n"
            "考試當天因故不能應試者，恕不得以任何理由要求退費。"
        ),
        "payment_info": (
            "個人網路報名：系統提供之專屬銀行虛擬 ATM 帳號（兆豐銀行代碼 017），一組帳號僅供一次性使用，金額需正確。\n"
            "臨櫃繳款：兆豐國際商業銀行竹科新安分行，戶名：財團法人工業技術研究院。\n"
            "團體報名及證書補發：土地銀行（代碼 005）帳號 156-005-00002-5，戶名「財團法人工業技術研究院」。\n"
            "繳費時可能需支付手續費，費用依照各銀行標準收取，不包含於報名費中。"
        ),
        "notes": "能力鑑定證書採核發制（不需另外申請），於成績公告後約2個月工作天以掛號寄出。",
    },
    "reissue_windows": [
        (date(2024, 6, 15), date(2024, 6, 23)),
        (date(2024, 10, 1), date(2024, 10, 5)),
        (date(2024, 12, 1), date(2024, 12, 7)),
    ],
    "levels": [
        {
            "rank": Level.Rank.BEGINNER,
            "code": "L1",
            "written_quota": 1500,
            "practical_quota_note": "術科實作限額依各實作基地考場人數上限規定",
            "suggested_candidates": (
                "理工相關科系大三、大四學生為主，建議應修過圖學、機械力學、機械元件設計、機械材料、機械製造。"
            ),
            "competence": "",
            "passing_performance": "",
            "certificate_valid_years": None,
            "note": "",
            "subjects": [
                {
                    "number": 1,
                    "code": "L11",
                    "name": "工具機機械設計概論",
                    "kind": W,
                    "format": CBT,
                    "question_type": "單選題 (100%)",
                    "duration_minutes": 75,
                    "competence": "熟悉工具機機械設計程序和各式機械原理",
                    "topics": [
                        (
                            "L111",
                            "機械元件",
                            [
                                (
                                    "L11101",
                                    "螺旋與連接件、銷與鍵、彈簧、軸承與連軸器、帶輪、鏈輪、摩擦輪、齒輪、輪系、制動輪、凸輪、滾珠螺桿、線性滑軌等之原理與應用",
                                )
                            ],
                        ),  # noqa: E501
                        (
                            "L112",
                            "材料力學/應力",
                            [
                                (
                                    "L11201",
                                    "軸向負載、扭轉、剪力與彎曲矩、應力與應變、力平衡與重心、速度與角速度、功與功率、摩擦、慣性矩、撓度/扭曲、桁架",
                                )
                            ],
                        ),  # noqa: E501
                        (
                            "L113",
                            "機械材料/機械製造",
                            [
                                (
                                    "L11301",
                                    "械材料的種類、熱處理、切削加工與工作機械車床、鑽床與搪床、銑床、磨床、鋸床與拉床、CNC 加工機、精密量測、表面精度",
                                )
                            ],
                        ),  # noqa: E501
                        ("L114", "電機機械(含自動化)", [("L11401", "控制系統、感測元件、馬達選用、驅動器、安全規範")]),
                    ],
                },
                {
                    "number": 2,
                    "code": "L12",
                    "name": "機械製圖(含工具機實例)",
                    "kind": W,
                    "format": DRAWING,
                    "question_type": "非選擇題 (含實體繪製)(100%)",
                    "duration_minutes": 75,
                    "competence": "具有工具機產業基礎的識圖及製圖能力",
                    "topics": [
                        (
                            "L121",
                            "實體繪製",
                            [
                                ("L12101", "圖紙的種類：組裝圖、零部件組裝圖、零部件圖、詳細圖、工序圖"),
                                ("L12102", "圖紙的規格：CNS、JIS、DIN"),
                                ("L12103", "製圖技術：各種投影法、斷面圖表示方法、輪廓虛線省略"),
                                ("L12104", "製圖用工具(電腦、規尺等)的使用方法"),
                                ("L12105", "三視圖的辨識與建模(前視圖、側視圖、透視圖)"),
                            ],
                        ),
                        (
                            "L122",
                            "公差標註",
                            [
                                ("L12201", "尺度介紹、尺度標註、標註方法、尺度分類、尺度位置"),
                                ("L12202", "尺寸公差的概念：單向公差、雙向公差、一般公差"),
                                ("L12203", "公差配合的種類：基軸制、基孔制"),
                                ("L12204", "幾何公差：幾何公差的種類、幾何公差符號與標註"),
                            ],
                        ),
                        (
                            "L123",
                            "精度量測",
                            [
                                (
                                    "L12301",
                                    "表面粗糙度的標示法與量測：量測方式、表面精度種類、加工與表面精度關係、尺寸精度量測方法及工具",
                                ),  # noqa: E501
                            ],
                        ),
                        (
                            "L124",
                            "機械材料與機械加工",
                            [
                                (
                                    "L12401",
                                    "材料記號：材料記號、材料記號的表示方法、材料記號的記入例、配管材料的記入例",
                                ),
                                ("L12402", "熱處理方法"),
                            ],
                        ),
                    ],
                },
            ],
            "paths": {"A": [1, 2]},
            "fees": _fee_rows((1200, 3000), (800, 2100), (600, 1800)),
            "sessions": [
                _mdmt_session(
                    1,
                    opens=date(2024, 2, 1),
                    closes=date(2024, 4, 19),
                    exam=date(2024, 5, 18),
                    disputes=(date(2024, 5, 20), date(2024, 5, 22)),
                    scores=date(2024, 6, 18),
                    review=(date(2024, 6, 18), date(2024, 6, 20)),
                    mailing=date(2024, 7, 31),
                ),
                _mdmt_session(
                    2,
                    opens=date(2024, 5, 31),
                    closes=date(2024, 10, 4),
                    exam=date(2024, 11, 9),
                    disputes=(date(2024, 11, 11), date(2024, 11, 13)),
                    scores=date(2024, 12, 4),
                    review=(date(2024, 12, 4), date(2024, 12, 6)),
                    mailing=date(2025, 1, 15),
                ),
            ],
        },
        {
            "rank": Level.Rank.INTERMEDIATE,
            "code": "L2",
            "written_quota": 300,
            "practical_quota_note": "",
            "suggested_candidates": "",
            "competence": "",
            "passing_performance": "",
            # Brochure 113 is silent on 中級 validity; SPEC §11 (and brochure 115 §4.3) give 5 years.
            "certificate_valid_years": 5,
            "note": "113 年度簡章僅辦理初級考試；中級報名限額（300 人）與報名費用依簡章所列。",
            "subjects": [],
            "paths": {},
            "fees": _fee_rows((1500, 4200), (1000, 3000), (700, 2500)),
            "sessions": [],
        },
    ],
    "news": [
        (
            "113 年度工具機機械設計工程師能力鑑定簡章公告",
            "113 年度簡章（113.01 版）已公告，報名期間、考試日期及各項日程請見本項目之重要日程表。",
            (date(2024, 1, 31), 10, 0),
            False,
        ),  # noqa: E501
        (
            "初級第一次考試開放報名",
            "個人請於線上報名；團體報名請洽各系單位團報窗口。學科限額 1,500 人，額滿為止。",
            (date(2024, 2, 1), 9, 0),
            True,
        ),  # noqa: E501
        (
            "年度參考書目及考試樣題公告方式",
            "年度參考書目及考試樣題皆公告於能力鑑定網站，路徑：考試試題及參考書目；考試樣題於考試後第 1 個工作天公告。",
            (date(2024, 2, 15), 10, 0),
            False,
        ),  # noqa: E501
    ],
}
