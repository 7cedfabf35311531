extension Migrations {
    /// The seed lists: statuses (with their open/closed flag), priorities, default settings.
    /// INSERT OR IGNORE so an installation that already defined a code keeps its own row.
    static let referenceData002 = """
    INSERT OR IGNORE INTO statuses(code, is_open, position, colour) VALUES
        ('open', 1, 10, '#2563eb'),
        ('waiting_customer', 1, 20, '#d97706'),
        ('waiting_operator', 1, 30, '#dc2626'),
        ('in_process', 1, 40, '#7c3aed'),
        ('closed', 0, 50, '#4b5563'),
        ('duplicate', 0, 60, '#6b7280'),
        ('solved', 0, 70, '#059669'),
        ('unsolved', 0, 80, '#9ca3af'),
        ('rejected_offer', 0, 90, '#9f1239');

    INSERT OR IGNORE INTO priorities(code, position, colour) VALUES
        ('low', 10, '#6b7280'),
        ('normal', 20, '#2563eb'),
        ('high', 30, '#d97706'),
        ('urgent', 40, '#dc2626');

    INSERT OR IGNORE INTO settings(key, value) VALUES
        ('organisation_name', 'Taquilla'),
        ('support_address', ''),
        ('base_url', ''),
        ('default_language', 'es'),
        ('attachment_max_bytes', '10485760'),
        ('attachment_max_files', '5'),
        ('attachment_extensions', 'pdf doc docx xls xlsx odt ods odp ppt pptx txt csv rtf jpg jpeg png gif webp zip'),
        ('form_min_seconds', '3'),
        ('ticket_rate_limit', '10'),
        ('lookup_rate_limit', '10');
    """
}
