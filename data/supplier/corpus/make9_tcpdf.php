<?php
// TCPDF (Debian php-tcpdf): a supplier's catalogue with horizontal rules only.
//     php make9_tcpdf.php SPEC.json
// SPEC: title, date, labels, widths (mm), rows (arrays of five strings), total, foot, out.
// A4 portrait, TCPDF's own DejaVu Sans. The title and date on page 1, the header
// (bold, a heavier rule above and below) on every page, a thin rule under each row,
// cells wrap (MultiCell), a row never splits across pages; the page foot has a note on
// the left and `стр. N из M` on the right.
require_once('/usr/share/php/tcpdf/tcpdf.php');

$spec = json_decode(file_get_contents($argv[1]), true);

class SupplierPDF extends TCPDF {
    public $foot = '';
    public function Header() {}
    public function Footer() {
        $this->SetY(-13);
        $this->SetFont('dejavusans', '', 7);
        $this->SetDrawColor(120, 120, 120);
        $this->Line(15, $this->GetY() - 1, 195, $this->GetY() - 1, array('width' => 0.2));
        $this->Cell(130, 5, $this->foot, 0, 0, 'L');
        $this->Cell(50, 5, 'стр. ' . $this->getAliasNumPage() . ' из ' . $this->getAliasNbPages(), 0, 0, 'R');
    }
}

$pdf = new SupplierPDF('P', 'mm', 'A4', true, 'UTF-8', false);
$pdf->foot = $spec['foot'];
$pdf->SetCreator('TCPDF');
$pdf->SetTitle($spec['title']);
$pdf->setPrintHeader(false);
$pdf->setPrintFooter(true);
$pdf->SetMargins(15, 14, 15);
$pdf->SetAutoPageBreak(false);
$pdf->setCellPaddings(1.2, 0.9, 1.2, 0.9);
$pdf->setCellHeightRatio(1.15);
$pdf->AddPage();

$widths = $spec['widths'];
$left = 15;
$bottom = 297 - 20;
$size = 8;

function row_height($pdf, $cells, $widths) {
    $h = 0;
    foreach ($cells as $k => $text) {
        $h = max($h, $pdf->getStringHeight($widths[$k], $text));
    }
    return $h;
}

function draw_row($pdf, $cells, $widths, $y, $h) {
    $x = 15;
    foreach ($cells as $k => $text) {
        $pdf->MultiCell($widths[$k], $h, $text, 0, 'L', false, 0, $x, $y, true, 0, false, true, 0, 'T');
        $x += $widths[$k];
    }
}

function header_row($pdf, $labels, $widths, $y) {
    $pdf->SetFont('dejavusans', 'B', 8);
    $h = row_height($pdf, $labels, $widths);
    $pdf->SetDrawColor(0, 0, 0);
    $pdf->Line(15, $y, 195, $y, array('width' => 0.5));
    draw_row($pdf, $labels, $widths, $y, $h);
    $pdf->Line(15, $y + $h, 195, $y + $h, array('width' => 0.5));
    $pdf->SetFont('dejavusans', '', 8);
    return $y + $h;
}

$pdf->SetFont('dejavusans', 'B', 14);
$pdf->Text(15, 14, $spec['title']);
$pdf->SetFont('dejavusans', '', 9);
$pdf->Text(15, 22, $spec['date']);
$y = header_row($pdf, $spec['labels'], $widths, 30);
foreach ($spec['rows'] as $cells) {
    $pdf->SetFont('dejavusans', '', 8);
    $h = row_height($pdf, $cells, $widths);
    if ($y + $h > $bottom) {
        $pdf->AddPage();
        $y = header_row($pdf, $spec['labels'], $widths, 14);
    }
    draw_row($pdf, $cells, $widths, $y, $h);
    $y += $h;
    $pdf->Line(15, $y, 195, $y, array('width' => 0.15, 'color' => array(110, 110, 110)));
}
if ($y + 10 > $bottom) {
    $pdf->AddPage();
    $y = 14;
}
$pdf->SetFont('dejavusans', 'B', 9);
$pdf->Text(15, $y + 3, $spec['total']);
$pdf->Output($spec['out'], 'F');
