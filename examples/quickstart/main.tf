resource "aws_iam_user" "reporting" {
  name = "reporting-bot"
}

resource "aws_iam_access_key" "reporting" {
  user = aws_iam_user.reporting.name
}

resource "aws_iam_user_policy" "reporting" {
  user = aws_iam_user.reporting.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_lambda_function" "daily_report" {
  function_name = "daily-report"
  role          = "arn:aws:iam::111122223333:role/daily-report"
  handler       = "report.handler"
  runtime       = "python3.12"
  filename      = "report.zip"
  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = aws_iam_access_key.reporting.id
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.reporting.secret
    }
  }
}

resource "aws_ecs_task_definition" "export" {
  family = "export"
  container_definitions = jsonencode([{
    name  = "export"
    image = "example/export:1"
    environment = [
      { name = "AWS_SECRET_ACCESS_KEY", value = aws_iam_access_key.reporting.secret },
      { name = "DB_PASSWORD", value = "Vr8#Lp3zQm6Wx1Ts" },
    ]
  }])
}
