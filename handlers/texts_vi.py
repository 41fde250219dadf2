"""Vietnamese texts: the primary language of every user-visible string."""

VI: dict[str, str] = {
    # registration and general
    "unknown_person": (
        "Xin chào! Đồng chí chưa được đăng ký sử dụng bot báo cáo thông tin đối ngoại.\n"
        "Hãy xin MÃ MỜI (8 ký tự) từ cán bộ quản trị của đơn vị, rồi gửi mã đó vào đây "
        "(hoặc gõ /start MÃ).\n"
        "Đã đăng ký trên ứng dụng khác (Telegram hoặc Zalo)? Gõ /lienket ở đó để lấy mã, "
        "rồi gửi /lienket MÃ vào đây."
    ),
    "code_wait": "Đồng chí đã nhập sai mã {count} lần. Hãy thử lại sau {time}.",
    "invite_invalid": "Mã mời «{code}» không đúng. Kiểm tra lại từng ký tự hoặc xin mã mới.",
    "invite_used": "Mã mời này đã được dùng. Hãy xin cán bộ quản trị mã mới.",
    "invite_expired": "Mã mời này đã hết hạn. Hãy xin cán bộ quản trị mã mới.",
    "welcome": "Chào {name}! Đồng chí đã được đăng ký: {role} — {unit}.\n{guide}",
    "role_reporter": "người báo cáo",
    "role_reviewer": "người duyệt báo cáo",
    "role_committee": "thành viên Ban Chỉ đạo",
    "role_admin": "quản trị",
    # what the person's roles allow (handlers/guidance.py): welcome, idle hint, /trogiup
    "guide_report": "Gõ /baocao để gửi báo cáo hoạt động, /cuatoi để xem báo cáo đã gửi.",
    "guide_summary": "Gõ /tonghop để xem số liệu, vd: /tonghop {example}",
    "guide_invite": "Gõ /moi để tạo mã mời người dùng mới.",
    "guide_no_roles": "Đồng chí chưa có vai trò nào. Hãy xin cán bộ quản trị mã mời.",
    "guide_help": "Gõ /trogiup để xem hướng dẫn.",
    "help_title": "Các lệnh:",
    "help_report": "/baocao — gửi báo cáo hoạt động mới\n/cuatoi — xem báo cáo đã gửi, rút báo cáo",
    "help_summary": "/tonghop — tổng hợp số liệu, vd: /tonghop {example}",
    "help_invite": "/moi — tạo mã mời",
    "help_common": (
        "/huy — huỷ việc đang làm\n"
        "/lienket — dùng chung tài khoản trên Telegram và Zalo\n"
        "/trogiup — hướng dẫn này\n"
        "Có thể gõ chữ không dấu (vd: huy, tro giup). Khi có nút, có thể gõ số thứ tự."
    ),
    "summaries_coming": (
        "Tính năng tổng hợp số liệu đang được xây dựng và sẽ có trong bản cập nhật tới. "
        "Hiện đồng chí có thể xem báo cáo của mình bằng /cuatoi."
    ),
    "no_filing_units": (
        "Đồng chí chưa có quyền gửi báo cáo cho đơn vị nào. Hãy xin mã mời vai trò người báo cáo."
    ),
    "busy_elsewhere": (
        "Đồng chí đang làm dở một việc. Hãy trả lời câu hỏi dưới đây, hoặc gõ /huy để huỷ."
    ),
    "resume": "Tiếp tục báo cáo đang làm dở.",
    "draft_waiting": (
        "Đồng chí đang có một báo cáo chưa gửi: gõ tiếp để trả lời câu hỏi dưới đây, /huy để bỏ."
    ),
    "cancelled": "Đã huỷ bản nháp. Gõ /baocao khi cần báo cáo mới.",
    "cancelled_other": "Đã huỷ.",
    "nothing_to_cancel": "Không có việc gì đang làm dở để huỷ.",
    "unsupported": "Bot chưa đọc được loại tin này (nhãn dán, ghi âm…). Hãy gửi chữ, ảnh hoặc vị trí.",
    "err_unknown_command": "Không có lệnh /{command}. Gõ /trogiup để xem các lệnh.",
    # filing: questions
    "progress": "Bước {n}/{total}",
    "ask_unit": "Đồng chí báo cáo cho đơn vị nào?",
    "ask_type": "Chọn loại hoạt động:",
    "ask_title": "Nhập tên hoạt động ngắn gọn (tối đa 200 ký tự).\nVí dụ: {example}",
    "title_example": "Hội nghị triển khai công tác thông tin đối ngoại năm {year}",
    "title_example_border_exchange": "Giao lưu hữu nghị với Trạm Kiểm soát Hữu Nghị Quan",
    "title_example_twinning": "Kết nghĩa bản Na Sầm – bản Pò Chài",
    "title_example_law_outreach": "Tuyên truyền Luật Biên phòng tại chợ cửa khẩu",
    "title_example_oral_propaganda": "Hội nghị báo cáo viên tháng {month}/{year}",
    "title_example_foreign_delegation_in": "Đón đoàn Sở Ngoại vụ Quảng Tây (Trung Quốc)",
    "title_example_delegation_out": "Đoàn công tác sang Bằng Tường trao đổi về quản lý biên giới",
    "title_example_media_publication": "Phóng sự về giao lưu hữu nghị tại cửa khẩu Hữu Nghị",
    "title_example_exhibition": "Triển lãm bản đồ và tư liệu Hoàng Sa, Trường Sa",
    "title_example_training": "Lớp tập huấn nghiệp vụ TTĐN năm {year}",
    "title_example_counter_disinformation": "Phản bác bài viết xuyên tạc về biên giới trên mạng",
    "title_example_cultural_event": "Giao lưu văn nghệ mừng Xuân với nhân dân hai bên biên giới",
    "title_example_foreigner_management": "Kiểm tra tạm trú của người nước ngoài trên địa bàn",
    "ask_date": (
        "Hoạt động diễn ra ngày nào? Bấm nút hoặc gõ ngày, vd: 20/11/2026 "
        "(nhiều ngày: 20/11 - 22/11/2026)."
    ),
    "ask_place": "Địa điểm tổ chức? Vd: Cửa khẩu Hữu Nghị, Nhà văn hoá thôn Pò Mã.",
    "ask_location": (
        "Vị trí hoạt động: bấm «Gửi vị trí», gõ toạ độ (vd: 21.85, 106.76), dán đường link "
        "bản đồ, chọn một điểm bên dưới, hoặc bấm «Bỏ qua»."
    ),
    "confirm_location_abroad": "Điểm {point} nằm ngoài lãnh thổ Việt Nam. Có đúng không?",
    "confirm_date_old": "Ngày {date} cách đây hơn một năm. Đúng không?",
    "confirm_location_far": "Điểm {point} cách trụ sở đơn vị {km} km. Có đúng không?",
    "confirm_location_swapped": (
        "Có phải đồng chí gõ ngược vĩ độ và kinh độ? {typed} không phải toạ độ hợp lệ; "
        "đảo lại là {point}, trong Việt Nam."
    ),
    "ask_counterpart": "Đơn vị, đối tác phía bên kia? Vd: Trạm Kiểm soát Hữu Nghị Quan.",
    "ask_counterpart_twinning": "Kết nghĩa giữa những ai? Vd: bản Na Sầm – bản Pò Chài.",
    "ask_counterpart_foreign_delegation_in": "Tên đoàn khách? Vd: Đoàn Sở Ngoại vụ Quảng Tây.",
    "ask_counterpart_delegation_out": "Đoàn đi đâu, làm việc với đơn vị nào?",
    "ask_counterpart_media_publication": "Cơ quan đăng, phát (báo, đài, trang tin, bản tin)?",
    "ask_counterpart_counter_disinformation": "Trên nền tảng nào? Vd: Facebook, TikTok, YouTube.",
    "ask_counterpart_cultural_event": "Đơn vị nước bạn cùng tham gia? Gõ «không» nếu không có.",
    "ask_country": "Nước bạn? Bấm nút, hoặc gõ tên nước.",
    "ask_languages": (
        "Ngôn ngữ đã sử dụng? Bấm chọn (chọn được nhiều), rồi bấm «Xong». Hoặc gõ, vd: việt, mông."
    ),
    "languages_selected": "Đã chọn: {languages}.",
    "ask_description": (
        "Mô tả ngắn nội dung, kết quả hoạt động (tối đa 4000 ký tự), hoặc bấm «Bỏ qua»."
    ),
    "ask_description_required": "Mô tả hoạt động (tối đa 4000 ký tự).",
    "ask_photos": "Gửi ảnh hoạt động (tối đa {max} ảnh). Gửi xong bấm «Xong».",
    "ask_photos_required": (
        "Gửi ảnh hoạt động (ít nhất 1, tối đa {max} ảnh). Gửi xong bấm «Xong»."
    ),
    "ask_figure_participants_vn": "Số người tham gia phía Việt Nam?",
    "ask_figure_participants_foreign": "Số người tham gia phía nước bạn?",
    "ask_figure_sessions": "Số buổi tuyên truyền?",
    "ask_figure_audience": "Tổng số người nghe, người dự?",
    "ask_figure_copies": "Số bản phát hành (tờ, cuốn)?",
    "ask_figure_items": "Số tin, bài, ấn phẩm?",
    "ask_figure_delegation_size": "Số thành viên của đoàn?",
    "ask_figure_classes": "Số lớp?",
    "ask_figure_trainees": "Số học viên?",
    "ask_figure_visitors": "Số lượt khách tham quan?",
    "ask_figure_posts_handled": "Số tin, bài xấu độc đã xử lý, phản bác?",
    "ask_figure_cases": "Số trường hợp?",
    "figure_hint": "Gõ một số, vd: 25 (gõ 0 nếu không có).",
    # filing: buttons
    "btn_today": "Hôm nay",
    "btn_yesterday": "Hôm qua",
    "btn_day_before": "Hôm kia",
    "btn_share_location": "📍 Gửi vị trí",
    "btn_skip": "Bỏ qua",
    "btn_done": "Xong",
    "btn_date_ok": "Đúng",
    "btn_date_retry": "Nhập lại",
    "btn_location_ok": "Đúng, dùng điểm này",
    "btn_location_retry": "Nhập lại",
    "btn_location_swap": "Dùng điểm đảo lại",
    "btn_submit": "Gửi",
    "btn_edit": "Sửa",
    "btn_cancel": "Huỷ",
    "btn_back": "Quay lại",
    "btn_clear_photos": "Xoá hết ảnh",
    "btn_pick_photo": "Xoá ảnh…",
    "btn_remove_photo": "Xoá ảnh {n}",
    "btn_withdraw": "Rút #{number}",
    # filing: feedback
    "photo_received": "Đã nhận {count}/{max} ảnh ✓",
    "photo_reused": "⚠ Ảnh này giống ảnh trong báo cáo #{number} đã gửi. Nếu dùng lại ảnh cũ, hãy ghi rõ trong phần mô tả.",
    "photo_date_far": "Lưu ý: ảnh chụp ngày {taken}, khác ngày hoạt động {day}. Kiểm tra lại ngày nếu cần.",
    "photo_far_report": "Lưu ý: ảnh này chụp cách vị trí báo cáo {km} km. Đề nghị đồng chí kiểm tra lại ảnh hoặc vị trí.",
    "photo_far_unit": "Lưu ý: ảnh này chụp cách trụ sở đơn vị {km} km. Đề nghị đồng chí kiểm tra lại ảnh hoặc vị trí.",
    "offer_photo_location": "Ảnh có toạ độ {point}, dùng vị trí này cho báo cáo?",
    "btn_use_photo_location": "Dùng vị trí này",
    "btn_no": "Không",
    "photo_processing": "Đang xử lý ảnh…",
    "card_photos_notes": "{count} ({notes})",
    "card_photos_reused": "⚠ {reused} ảnh giống ảnh của báo cáo {numbers}",
    "card_photos_far_report": "⚠ {far} ảnh chụp cách vị trí báo cáo {km} km",
    "card_photos_far_unit": "⚠ {far} ảnh chụp cách trụ sở đơn vị {km} km",
    "photo_duplicate": "Ảnh này đã có trong báo cáo, bỏ qua.",
    "photo_limit": "Đã đủ {max} ảnh. Bấm «Xong» để tiếp tục.",
    "photo_required": "Loại hoạt động này cần ít nhất 1 ảnh. Hãy gửi ảnh.",
    "photos_cleared": "Đã xoá hết ảnh của bản nháp.",
    "ask_remove_photo": "Đồng chí muốn xoá ảnh nào?\n{photos}",
    "photo_line_taken": "Ảnh {n}: chụp {time}, {size}",
    "photo_line_received": "Ảnh {n}: nhận lúc {time}, {size}",
    "photo_removed": "Đã xoá ảnh {n}. Bản nháp còn {count} ảnh.",
    "photo_remove_missing": "Không có ảnh số {n} trong bản nháp.",
    "photo_remove_gone": "Không có ảnh này trong bản nháp (có thể đã xoá).",
    "photo_remove_none": "Bản nháp chưa có ảnh nào để xoá.",
    "photo_fetch_failed": "Không tải được ảnh (mạng yếu hoặc đường link đã hết hạn). Hãy gửi lại ảnh.",
    "err_photo_empty": "Tệp ảnh rỗng. Hãy gửi lại ảnh.",
    "err_photo_too_large": "Ảnh quá lớn (tối đa {mb} MB). Hãy gửi ảnh nhỏ hơn.",
    "err_photo_not_image": "Tệp này không phải ảnh. Hãy gửi ảnh JPEG, PNG, WebP hoặc HEIC.",
    "err_photo_unsupported_format": "Định dạng ảnh chưa hỗ trợ. Hãy gửi JPEG, PNG, WebP hoặc HEIC.",
    "err_photo_corrupt": "Ảnh bị hỏng, không mở được. Hãy chụp hoặc gửi lại.",
    "err_photo_too_many_pixels": "Ảnh có độ phân giải quá lớn. Hãy gửi ảnh nhỏ hơn.",
    "review_title": "Kiểm tra báo cáo trước khi gửi:",
    "duplicate_warning": (
        "⚠ Đơn vị đã có báo cáo #{number} cùng loại, cùng ngày — có thể trùng báo cáo #{number}."
    ),
    "submitted": "Đã gửi báo cáo số #{number}. Cảm ơn đồng chí!",
    "already_submitted": "Báo cáo #{number} đã được gửi rồi.",
    # correcting a filed report (/sua N)
    "correct_usage": "Gõ /sua và số báo cáo cần sửa, ví dụ /sua 12.",
    "correct_not_found": "Không tìm thấy báo cáo #{number}.",
    "correct_refused_approved": "Báo cáo #{number} đã được duyệt nên không sửa được nữa.",
    "correct_refused_withdrawn": "Báo cáo #{number} đã rút nên không sửa được nữa.",
    "correct_busy": (
        "Đồng chí đang có một bản nháp chưa gửi. Hãy gửi hoặc gõ /huy bản nháp đó trước khi "
        "sửa báo cáo khác."
    ),
    "correct_title": "Sửa báo cáo #{number} — kiểm tra trước khi gửi lại:",
    "correct_reason": "Lý do trả lại: {reason}",
    "correction_submitted": "Đã cập nhật báo cáo #{number}; báo cáo chờ duyệt lại.",
    "correction_cancelled": "Đã huỷ bản sửa; báo cáo #{number} giữ nguyên như trước.",
    "correct_stale": (
        "Báo cáo #{number} vừa thay đổi sau khi đồng chí mở bản sửa, nên bản sửa chưa được gửi "
        "(vẫn giữ dưới đây). Gõ /huy rồi /sua {number} để sửa trên bản mới nhất."
    ),
    "correct_stale_approved": (
        "Báo cáo #{number} đã được {name} duyệt lúc {time}, nên bản sửa chưa được gửi "
        "(vẫn giữ dưới đây; gõ /huy để bỏ)."
    ),
    "correct_stale_withdrawn": (
        "Báo cáo #{number} đã rút lúc {time}, nên bản sửa chưa được gửi "
        "(vẫn giữ dưới đây; gõ /huy để bỏ)."
    ),
    "ask_edit_field": "Sửa mục nào?",
    # the summary card
    "card_unit": "Đơn vị",
    "card_type": "Loại",
    "card_title": "Tên",
    "card_date": "Ngày",
    "card_place": "Địa điểm",
    "card_location": "Vị trí",
    "card_counterpart": "Đối tác",
    "card_counterpart_counter_disinformation": "Nền tảng",
    "card_country": "Nước",
    "card_languages": "Ngôn ngữ",
    "card_description": "Mô tả",
    "card_photos": "Ảnh",
    "card_none": "không có",
    "figure_participants_vn": "Người tham gia phía VN",
    "figure_participants_foreign": "Người tham gia phía nước bạn",
    "figure_sessions": "Số buổi",
    "figure_audience": "Người nghe, người dự",
    "figure_copies": "Số bản",
    "figure_items": "Số tin, bài, ấn phẩm",
    "figure_delegation_size": "Số thành viên đoàn",
    "figure_classes": "Số lớp",
    "figure_trainees": "Số học viên",
    "figure_visitors": "Lượt khách",
    "figure_posts_handled": "Tin, bài đã xử lý",
    "figure_cases": "Số trường hợp",
    # activity types
    "type_border_exchange": "Giao lưu hữu nghị biên giới",
    "type_twinning": "Kết nghĩa",
    "type_law_outreach": "Tuyên truyền pháp luật, biên giới, biển đảo",
    "type_oral_propaganda": "Tuyên truyền miệng, hội nghị báo cáo viên",
    "type_foreign_delegation_in": "Đón đoàn khách quốc tế",
    "type_delegation_out": "Đoàn công tác ra nước ngoài",
    "type_media_publication": "Tin, bài, ấn phẩm, phim",
    "type_exhibition": "Triển lãm, trưng bày",
    "type_training": "Tập huấn, bồi dưỡng nghiệp vụ",
    "type_counter_disinformation": "Đấu tranh phản bác thông tin xấu độc",
    "type_cultural_event": "Giao lưu văn hoá, văn nghệ, thể thao",
    "type_foreigner_management": "Quản lý người nước ngoài",
    "type_other": "Hoạt động khác",
    # countries and languages
    "country_CN": "Trung Quốc",
    "country_LA": "Lào",
    "country_KH": "Campuchia",
    "btn_other_country": "Nước khác",
    "ask_other_country": "Gõ tên nước, hoặc mã 2 chữ cái (vd: TH cho Thái Lan).",
    "lang_vi": "Tiếng Việt",
    "lang_thai": "Tiếng Thái",
    "lang_tay": "Tiếng Tày",
    "lang_nung": "Tiếng Nùng",
    "lang_hmong": "Tiếng Mông",
    "lang_dao": "Tiếng Dao",
    "lang_hanhi": "Tiếng Hà Nhì",
    "lang_zh": "Tiếng Trung",
    "lang_lo": "Tiếng Lào",
    "lang_km": "Tiếng Khmer",
    "lang_en": "Tiếng Anh",
    "location_shared": "{point} (vị trí chia sẻ)",
    "location_typed": "{point}",
    "location_known_place": "{place} ({point})",
    "location_photo": "{point} (theo ảnh)",
    # bad input
    "err_expected_text": "Ở bước này cần gõ chữ.",
    "err_expected_choice": "Hãy bấm một trong các nút (hoặc gõ số thứ tự).",
    "err_not_now_photo": "Chưa đến bước gửi ảnh — ảnh gửi ở gần cuối. Trả lời câu hỏi dưới đây trước.",
    "err_not_now_location": "Chưa đến bước gửi vị trí. Trả lời câu hỏi dưới đây trước.",
    "err_expected_photo": "Hãy gửi ảnh, hoặc bấm «Xong» khi đã gửi đủ.",
    "err_too_long": "Quá dài: tối đa {max} ký tự (đồng chí gửi {length}).",
    "err_empty": "Chưa có nội dung. Hãy gõ lại.",
    "err_date_format": "Không hiểu ngày. Gõ theo dạng ngày/tháng/năm, vd: 20/11/2026.",
    "err_date_invalid": "Ngày này không có thật. Kiểm tra lại ngày và tháng.",
    "err_date_order": "Ngày bắt đầu phải trước ngày kết thúc.",
    "err_date_future": "Không thể báo cáo hoạt động ở ngày tương lai.",
    "err_date_too_old": "Ngày quá cũ (trước năm 2000).",
    "err_number": "Cần một số nguyên, vd: 25 (gõ 0 nếu không có).",
    "err_number_too_big": "Số quá lớn. Kiểm tra lại.",
    "err_coordinates": (
        "Không đọc được toạ độ. Gõ vĩ độ, kinh độ, vd: 21.85, 106.76 — hoặc bấm «Gửi vị trí»."
    ),
    "err_coordinates_range": "Toạ độ ngoài phạm vi (vĩ độ −90…90, kinh độ −180…180).",
    "err_coordinates_short_link": (
        "Link rút gọn (maps.app.goo.gl…) không chứa toạ độ. Mở link trong Google Maps, chạm "
        "vào ghim đỏ, sao chép toạ độ (vd: 21.85, 106.76) rồi gửi vào đây."
    ),
    "err_country": "Không nhận ra tên nước «{text}». Gõ tên nước hoặc mã 2 chữ cái, vd: CN.",
    "err_language": "Không nhận ra ngôn ngữ «{text}». Bấm nút để chọn.",
    # my reports and withdrawal
    "mine_empty": "Đồng chí chưa gửi báo cáo nào. Gõ /baocao để gửi báo cáo đầu tiên.",
    "mine_title": "Báo cáo gần đây của đồng chí:",
    "mine_line": "#{number} · {date} · {type} · {title} · {status}",
    "status_submitted": "chờ duyệt",
    "status_withdrawn": "đã rút",
    "ask_withdraw_reason": "Lý do rút báo cáo #{number}? (tối đa 500 ký tự)",
    "withdrawn": "Đã rút báo cáo #{number}. Báo cáo vẫn được lưu trong nhật ký.",
    "withdraw_not_allowed": "Không rút được báo cáo #{number} (không phải của đồng chí, đã được duyệt hoặc đã rút).",
    # reading and deciding on reports (/xem, /lichsu)
    "status_approved": "đã duyệt",
    "status_returned": "trả lại",
    "view_title": "BÁO CÁO #{number} · {status}",
    "view_status_decided": "{status} ({name}, {at})",
    "view_status_reason": "{status} — lý do: {reason}",
    "view_author": "Người gửi",
    "view_submitted_at": "Gửi lúc",
    "view_same_day": "⚠ Cùng đơn vị, loại và ngày với báo cáo {numbers}",
    "view_not_found": "Không tìm thấy báo cáo #{number}.",
    "btn_approve": "Duyệt",
    "btn_return": "Trả lại",
    "btn_reopen": "Mở lại để duyệt lại",
    "btn_correct": "Sửa #{number}",
    "review_reopened": "Đã mở lại báo cáo #{number}; báo cáo chờ duyệt lại.",
    "btn_history": "Lịch sử",
    "btn_open_report": "Xem #{number}",
    "btn_page_previous": "« Trước",
    "btn_page_next": "Sau »",
    "queue_not_allowed": (
        "Đồng chí chưa có quyền xem danh sách báo cáo của đơn vị. Gõ /cuatoi để xem báo cáo "
        "của chính đồng chí, hoặc /xem kèm số báo cáo, ví dụ /xem 12."
    ),
    "queue_filter_unknown": (
        "Chưa hiểu «{text}». Ví dụ: xem chờ duyệt quý 4 đồn Hữu Nghị, xem trả lại tháng 11, "
        "xem đã duyệt, xem tất cả, hoặc /xem 12 để mở báo cáo số 12."
    ),
    "queue_unit_several": "Có nhiều đơn vị khớp: {names}. Đồng chí hãy gõ rõ hơn.",
    "queue_unit_outside": "Đơn vị «{text}» không thuộc phạm vi của đồng chí.",
    "queue_empty": "Không có báo cáo nào ({what}).",
    "queue_title": "Báo cáo {what}: {total} báo cáo (trang {page}/{pages}). Bấm để mở:",
    "queue_line": "#{number} · {date} · {unit} · {type} · {title} · {status}",
    "queue_state_s": "chờ duyệt",
    "queue_state_r": "trả lại",
    "queue_state_a": "đã duyệt",
    "queue_state_w": "đã rút",
    "queue_state_all": "mọi trạng thái",
    "mine_title_paged": "Báo cáo gần đây của đồng chí (trang {page}/{pages}):",
    "review_ask_reason": (
        "Lý do trả lại báo cáo #{number}? Người gửi sẽ nhận được lý do này (tối đa {max} ký "
        "tự; gõ /huy để thôi)."
    ),
    "review_approved": "Đã duyệt báo cáo #{number}. Người gửi sẽ được báo.",
    "review_returned": "Đã trả lại báo cáo #{number}. Người gửi sẽ nhận được lý do và nút sửa.",
    "review_already_approved": "Báo cáo #{number} đã được {name} duyệt lúc {at}.",
    "review_already_returned": "Báo cáo #{number} đã được {name} trả lại lúc {at}.",
    "review_outdated": (
        "Nút này đã cũ: báo cáo #{number} đã thay đổi từ lúc hiện nút, nên chưa có gì thay "
        "đổi. Báo cáo hiện nay:"
    ),
    "review_not_allowed": "Báo cáo #{number} đang ở trạng thái «{status}», không quyết định được.",
    "notice_returned": (
        "Báo cáo #{number} «{title}» bị trả lại.\nLý do: {reason}\nNgười trả lại: {reviewer}."
        "\nĐồng chí hãy sửa và gửi lại: /sua {number}"
    ),
    "notice_approved": "Báo cáo #{number} «{title}» đã được {reviewer} duyệt.",
    "notice_btn_correct": "Sửa báo cáo #{number}",
    "notice_btn_view": "Xem báo cáo #{number}",
    "history_usage": "Gõ /lichsu và số báo cáo, ví dụ /lichsu 12.",
    "history_title": "Lịch sử báo cáo #{number}:",
    "history_reason": "Lý do",
    "history_action_submit": "gửi báo cáo",
    "history_action_withdraw": "rút báo cáo",
    "history_action_approve": "duyệt",
    "history_action_return": "trả lại",
    "history_action_reopen": "mở lại để duyệt",
    "history_action_correct": "sửa và gửi lại",
    "zalo_photos_links": "Ảnh ({count}, liên kết hết hạn sau {hours} giờ):\n{links}",
    "zalo_photos_unavailable": "({count} ảnh chỉ xem được trên Telegram hoặc trang web.)",
    "console_photos_saved": "📷 {count} ảnh đã lưu trong {path}",
    # invites by chat
    "invite_not_admin": "Chỉ quản trị viên mới tạo được mã mời.",
    "ask_invite_unit": "Mời vào đơn vị nào? Bấm chọn, hoặc gõ mã đơn vị.",
    "ask_invite_role": "Vai trò của người được mời?",
    "invite_created": (
        "Mã mời: {code}\nĐơn vị: {unit} — vai trò: {role}\nHết hạn: {expires}. Chỉ dùng một lần.\n"
        "Người được mời gửi /start {code} cho bot (hoặc gõ mã)."
    ),
    "err_unit_unknown": "Không tìm thấy đơn vị «{text}» trong phạm vi của đồng chí.",
    # console channel
    "console_intro": (
        "Bot báo cáo TTĐN — kênh thử trên máy tính. Gõ /baocao để bắt đầu, /trogiup để xem lệnh.\n"
        "Khi có lựa chọn, gõ số thứ tự. Gửi ảnh: /photo ĐƯỜNG_DẪN. Gửi vị trí: /location VĨ_ĐỘ KINH_ĐỘ.\n"
        "Thoát: Ctrl+D."
    ),
    "console_demo_loaded": (
        "Đã nạp dữ liệu mẫu: {units} đơn vị, {places} địa điểm. "
        "Đồng chí là quản trị {province} và người báo cáo của {post}."
    ),
    "console_location_button": "(gõ /location VĨ_ĐỘ KINH_ĐỘ để gửi vị trí)",
    "console_file_saved": "📎 Đã lưu tệp: {path}",
    "console_photo_missing": "Không đọc được tệp {path}.",
    "console_location_usage": "Cách dùng: /location VĨ_ĐỘ KINH_ĐỘ, vd: /location 21.85 106.76",
    "console_demo_reports_loaded": (
        "Kèm {reports} báo cáo mẫu ({photos} ảnh) trong 12 tháng qua, tiêu đề bắt đầu bằng "
        "{prefix}. Xoá chúng: python main.py demo clear"
    ),
    "demo_title_prefix": "[Demo] ",
    # Telegram channel
    "btn_outdated": "Nút này thuộc một bản nháp khác (đã huỷ, đã gửi hoặc đã thay), nên không có gì thay đổi. Báo cáo đồng chí đang soạn:",
    "btn_outdated_idle": "Nút này thuộc một báo cáo đã huỷ hoặc đã gửi, nên không có gì thay đổi. Gõ /baocao để báo cáo mới.",
    "err_try_again": "Xin lỗi, bot gặp lỗi khi xử lý tin nhắn vừa rồi. Hãy gửi lại tin đó.",
    "menu_report": "Gửi báo cáo hoạt động mới",
    "menu_mine": "Xem, rút báo cáo đã gửi",
    "menu_summary": "Tổng hợp số liệu",
    "menu_reports": "Xem, duyệt báo cáo (người duyệt)",
    "menu_cancel": "Huỷ việc đang làm",
    "menu_invite": "Tạo mã mời (quản trị)",
    "menu_help": "Hướng dẫn sử dụng",
    "menu_link": "Liên kết tài khoản Telegram và Zalo",
    # linking one person's accounts on several messengers (/lienket)
    "link_code_created": (
        "Mã liên kết của đồng chí: {code} (dùng một lần, hết hạn sau {minutes} phút).\n"
        "Trên ứng dụng kia (Telegram hoặc Zalo), nhắn cho bot: /lienket {code}"
    ),
    "link_how": (
        "Để dùng chung tài khoản đã đăng ký ở ứng dụng khác (Telegram hoặc Zalo): gõ /lienket "
        "ở ứng dụng đó để lấy mã, rồi gửi /lienket MÃ vào đây."
    ),
    "link_invalid": "Mã liên kết «{code}» không đúng. Gõ /lienket ở ứng dụng kia để lấy mã mới.",
    "link_used": "Mã liên kết này đã được dùng. Gõ /lienket ở ứng dụng kia để lấy mã mới.",
    "link_expired": "Mã liên kết này đã hết hạn. Gõ /lienket ở ứng dụng kia để lấy mã mới.",
    "link_done": (
        "Đã liên kết: tài khoản này giờ dùng chung với tài khoản của {name} ({roles}). "
        "Báo cáo và /cuatoi là một, dù đồng chí nhắn từ ứng dụng nào."
    ),
    "link_same_person": "Tài khoản này đã được liên kết với đồng chí rồi.",
    "link_other_person": (
        "Tài khoản này đã đăng ký riêng cho một người dùng khác, nên không liên kết được "
        "(bot không gộp hai người dùng). Hãy liên hệ cán bộ quản trị."
    ),
    "link_no_roles": "chưa có vai trò",
    # Zalo: a messenger without buttons, location or file messages
    "zalo_choice_hint": "(Trả lời bằng số thứ tự hoặc gõ chữ.)",
    "outbox_command_line": "→ {label}: gõ {command}",
    "zalo_location_hint": (
        "Trên Zalo: gõ toạ độ (vd: 21.85, 106.76 hoặc 21,85 106,76), dán đường link Google Maps "
        "có toạ độ, hoặc gõ số của một điểm bên dưới."
    ),
    "zalo_photo_unavailable": "(Ảnh chưa gửi được qua Zalo: máy chủ chưa có địa chỉ công khai PUBLIC_BASE_URL.)",
    "zalo_photo_failed": "(Zalo chưa nhận được ảnh kèm theo.)",
    "zalo_file_link": "Tải tệp: {url} (hết hạn sau {hours} giờ)",
    "zalo_file_unavailable": "(Tệp chưa gửi được qua Zalo: máy chủ chưa có địa chỉ công khai PUBLIC_BASE_URL.)",
    # summaries (/tonghop)
    "sum_not_allowed": "Đồng chí chưa có quyền xem số liệu tổng hợp. Hãy liên hệ cán bộ quản trị.",
    "sum_ask_period": (
        "Tổng hợp số liệu kỳ nào? Bấm nút, hoặc gõ, vd: quý 3 2026, tháng 10, 6 tháng đầu năm, "
        "năm 2025 so với 2024, từ 01/07 đến 15/08/2026."
    ),
    "sum_ask_which_period": "Đồng chí muốn xem kỳ nào? Bấm chọn một kỳ:",
    "sum_ask_scope": "Tổng hợp cho đơn vị nào? Bấm nút, hoặc gõ tên, vd: {examples}.",
    "sum_example": "quý {quarter} {year} {unit}",
    "sum_example_own": "quý {quarter} {year}",
    "sum_whole_province": "toàn tỉnh",
    "sum_whole": "toàn bộ",
    "sum_ask_which_unit": "Có nhiều đơn vị trùng tên. Bấm chọn đơn vị:",
    "sum_period_unknown": "Chưa hiểu kỳ «{text}». Hãy bấm nút hoặc gõ lại, vd: quý 3 2026.",
    "sum_unit_unknown": "Không tìm thấy đơn vị «{text}» trong phạm vi của đồng chí. Hãy bấm nút hoặc gõ lại tên.",
    "sum_outside_scope": "Đồng chí không có quyền xem số liệu của {unit}.",
    "err_period_invalid": "Kỳ này không có thật (vd: quý 1–4, tháng 1–12, ngày hợp lệ).",
    "err_period_compare": "Chưa hiểu kỳ cần so sánh. Sẽ so với cùng kỳ năm trước.",
    "sum_title": "📊 TỔNG HỢP {period} — {unit}",
    "sum_dates": "Từ {start} đến {end}",
    "sum_vs": "(so với {period})",
    "sum_own_only": "Số liệu các báo cáo của chính đơn vị đồng chí.",
    "sum_total": "Tổng số: {n} hoạt động",
    "sum_review_states": "Trong đó: {waiting} chờ duyệt, {returned} bị trả lại",
    "sum_approved_only": "Chỉ tính các báo cáo đã duyệt.",
    "sum_change": " (cùng kỳ {before}, {diff})",
    "sum_people": "Người tham gia: {vn} phía Việt Nam, {foreign} phía nước bạn",
    "sum_by_type": "Theo loại hoạt động:",
    "sum_by_unit": "Theo đơn vị:",
    "sum_own_reports": "{unit} (báo cáo trực tiếp)",
    "sum_more_units": "… và {n} đơn vị khác (xem file Excel)",
    "sum_countries": "Nước bạn: {countries}",
    "sum_silent": "Chưa có báo cáo: {units}",
    "sum_and_more": " và {n} đơn vị khác",
    "sum_none": "không có",
    "sum_nothing": "Không có báo cáo nào đã gửi trong kỳ này.",
    "sum_working": "Đang tổng hợp số liệu…",
    "sum_chart_caption": "Biểu đồ tổng hợp",
    "btn_sum_xlsx": "📥 Tải file Excel",
    "btn_sum_docx": "📄 Dự thảo báo cáo (Word)",
    "sum_file_xlsx": "Bảng tổng hợp {period} (Excel).",
    "sum_file_docx": "Dự thảo báo cáo {period} (Word): phần I đã điền số liệu, phần II và III để Ban Chỉ đạo bổ sung.",
    "sum_file_csv": "Danh sách báo cáo {period} (CSV).",
    "sum_render_failed": "Chưa tạo được biểu đồ hoặc tệp lần này. Số liệu vẫn còn nguyên: hãy thử lại sau ít phút.",
    "sum_file_cli": "Kênh này chưa gửi được tệp. Cán bộ quản trị lấy tệp bằng lệnh:\n{command}",
    "sum_file_progress": "Đang tạo tệp… {done}/{total} báo cáo",
    "sum_file_too_large": "Tệp {name} nặng {size} MB, quá giới hạn {limit} MB mà kênh này nhận. Cán bộ quản trị lấy tệp bằng lệnh:\n{command}",
    "period_month": "tháng {month}/{year}",
    "period_quarter": "quý {number} năm {year}",
    "period_half_1": "6 tháng đầu năm {year}",
    "period_half_2": "6 tháng cuối năm {year}",
    "period_year": "năm {year}",
    "period_day": "ngày {day}",
    "period_days": "từ {start} đến {end}",
    "chart_by_type": "Số hoạt động theo loại",
    "chart_by_unit": "Số hoạt động theo đơn vị",
    "chart_empty": "Chưa có hoạt động trong kỳ",
    "chart_other_units": "{n} đơn vị khác",
    # the spreadsheet
    "xls_sheet_summary": "Tổng hợp",
    "xls_title": "TỔNG HỢP CÔNG TÁC THÔNG TIN ĐỐI NGOẠI {period} — {unit}",
    "xls_dates": "Các hoạt động bắt đầu từ {start} đến {end}",
    "xls_compared": "So sánh với: {period}",
    "xls_generated": "Lập ngày {day}",
    "xls_total": "Tổng cộng",
    "xls_silent": "Đơn vị chưa có báo cáo: {units}",
    "xls_col_type": "Loại hoạt động",
    "xls_col_unit": "Đơn vị",
    "xls_col_country": "Nước",
    "xls_col_activities": "Số hoạt động",
    "xls_col_previous": "Cùng kỳ",
    "xls_col_diff": "Tăng/giảm",
    "xls_col_number": "Số BC",
    "xls_col_start": "Ngày",
    "xls_col_end": "Đến ngày",
    "xls_col_title": "Tên hoạt động",
    "xls_col_place": "Địa điểm",
    "xls_col_counterpart": "Đối tác",
    "xls_col_counterpart_counter_disinformation": "Nền tảng",
    "xls_col_photo_far": "Ảnh chụp xa vị trí",
    "xls_col_author": "Người báo cáo",
    "xls_col_submitted": "Gửi lúc",
    "xls_col_status": "Trạng thái",
    "xls_col_latitude": "Vĩ độ",
    "xls_col_longitude": "Kinh độ",
    "xls_col_map": "Bản đồ",
    "xls_col_languages": "Ngôn ngữ",
    "xls_col_description": "Mô tả",
    "xls_col_photo_count": "Số ảnh",
    "xls_col_photo_keys": "Ảnh (nơi lưu)",
    "xls_col_reused": "Cùng tệp ảnh với báo cáo",
    "xls_col_near_duplicate": "Ảnh gần giống báo cáo",
    "xls_photo_far_report": "{far} ảnh cách vị trí báo cáo {km} km",
    "xls_photo_far_unit": "{far} ảnh cách trụ sở đơn vị {km} km",
    # the draft review report (Party document layout)
    "doc_draft": "DỰ THẢO",
    "doc_party_province": "TỈNH ỦY {name}",
    "doc_party_district": "HUYỆN ỦY {name}",
    "doc_party_city": "THÀNH ỦY {name}",
    "doc_party_town": "THỊ ỦY {name}",
    "doc_party_commune": "ĐẢNG ỦY XÃ {name}",
    "doc_party_ward": "ĐẢNG ỦY PHƯỜNG {name}",
    "doc_issuer": "BAN CHỈ ĐẠO CÔNG TÁC\nTHÔNG TIN ĐỐI NGOẠI",
    "doc_number": "Số       -BC/BCĐ",
    "doc_party": "ĐẢNG CỘNG SẢN VIỆT NAM",
    "doc_place_date": "{place}, ngày {day} tháng {month} năm {year}",
    "doc_title": "BÁO CÁO",
    "doc_subject_review": "Sơ kết công tác thông tin đối ngoại {period}",
    "doc_subject_year": "Tổng kết công tác thông tin đối ngoại {period}",
    "doc_subject_other": "Kết quả công tác thông tin đối ngoại {period}",
    "doc_intro": (
        "Trên cơ sở báo cáo của các đơn vị gửi qua hệ thống báo cáo thông tin đối ngoại "
        "(các hoạt động bắt đầu từ ngày {start} đến ngày {end}), Ban Chỉ đạo báo cáo kết quả "
        "công tác thông tin đối ngoại {period} của {unit} như sau:"
    ),
    "doc_section_results": "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "doc_general": "1. Kết quả chung",
    "doc_general_text": (
        "Trong {period}, {reporting} đơn vị đã báo cáo {activities} hoạt động thông tin đối "
        "ngoại{comparison}, với {vn} lượt người tham gia phía Việt Nam và {foreign} lượt người "
        "nước ngoài. Kết quả theo loại hoạt động:"
    ),
    "doc_vs_before": " (cùng kỳ năm trước: {before}, {change})",
    "doc_by_unit": "2. Kết quả theo đơn vị",
    "doc_silent": "Đơn vị chưa có báo cáo trong kỳ: {units}.",
    "doc_chart_caption": "Biểu đồ: số hoạt động theo loại và theo đơn vị, {period}",
    "doc_countries": "3. Hoạt động đối ngoại với các nước",
    "doc_country_line": "- {country}: {activities} hoạt động, {foreign} lượt người nước ngoài tham gia.",
    "doc_highlights": "4. Một số hoạt động tiêu biểu",
    "doc_highlight_line": "{title} ({type}; {unit}, {date}{place}).",
    "doc_photo_caption": "Ảnh: {title}",
    "doc_photo_caption_far_report": "Ảnh: {title} (lưu ý: ảnh chụp cách vị trí báo cáo {km} km)",
    "doc_photo_caption_far_unit": "Ảnh: {title} (lưu ý: ảnh chụp cách trụ sở đơn vị {km} km)",
    "doc_no_highlights": "(Chưa có hoạt động tiêu biểu trong kỳ.)",
    "doc_section_limits": "II. HẠN CHẾ, NGUYÊN NHÂN",
    "doc_section_tasks": "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
    "doc_fill_in": "(Ban Chỉ đạo bổ sung nội dung.)",
    "doc_recipients": "Nơi nhận:",
    "doc_recipient_lines": "- Thường trực Tỉnh ủy (b/c),\n- Các thành viên Ban Chỉ đạo,\n- Lưu Văn phòng Ban Chỉ đạo.",
    "doc_signature_for": "T/M BAN CHỈ ĐẠO",
    "doc_signature_title": "TRƯỞNG BAN",
    "doc_signature_hint": "(Ký, ghi rõ họ tên)",
    "doc_col_no": "STT",
    "doc_col_type": "Loại hoạt động",
    "doc_col_unit": "Đơn vị",
    "doc_col_activities": "Số hoạt động",
    "doc_col_previous": "Cùng kỳ",
    "doc_col_figures": "Số liệu chủ yếu",
    "doc_col_people": "Người tham gia (VN / nước ngoài)",
}
