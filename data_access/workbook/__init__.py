"""The quarterly workbook: its format (``format``), reading an upload safely (``reader``), checking it
(``validation``) and writing the template or the data in force (``writer``)."""
