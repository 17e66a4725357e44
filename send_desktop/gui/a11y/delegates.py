"""A status cell painted as a shape and words, never colour alone.

``StatusDelegate`` paints the cell's text as usual, with a small marker in front whose shape
differs by status (a filled square, a triangle, a circle...), so two statuses differ in words
and in shape as well as colour. Views with custom delegates must use one that declares
``renders_text = True`` (the accessibility walker checks this).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

# status text (lower case) -> (shape, colour); unknown statuses get text only
MARKERS = {
    "red": ("triangle", "#b00020"),
    "amber": ("diamond", "#a15c00"),
    "green": ("circle", "#1b6e20"),
    "complete": ("square", "#3a3a3a"),
    "done": ("square", "#3a3a3a"),
    "blue": ("square", "#0b4f9c"),
}


class StatusDelegate(QStyledItemDelegate):
    renders_text = True

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        marker = MARKERS.get(text.strip().lower())
        if marker is None:
            super().paint(painter, option, index)
            return
        size = option.fontMetrics.height() * 0.6
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted(int(size) + 8, 0, 0, 0)
        super().paint(painter, option.__class__(option), QModelIndex())  # background, focus
        super().paint(painter, shifted, index)
        shape, colour = marker
        box = QRectF(option.rect.left() + 5, option.rect.center().y() - size / 2 + 1, size, size)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        if shape == "circle":
            painter.drawEllipse(box)
        elif shape == "square":
            painter.drawRect(box)
        elif shape == "triangle":
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(box.center().x(), box.top()),
                        QPointF(box.right(), box.bottom()),
                        QPointF(box.left(), box.bottom()),
                    ]
                )
            )
        else:  # diamond
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(box.center().x(), box.top()),
                        QPointF(box.right(), box.center().y()),
                        QPointF(box.center().x(), box.bottom()),
                        QPointF(box.left(), box.center().y()),
                    ]
                )
            )
        painter.restore()
